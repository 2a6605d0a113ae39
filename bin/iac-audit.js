#!/usr/bin/env node
/**
 * `iac-audit`: the IaC Audit command line. Runs the esbuild bundle dist/cli.js (built by
 * `npm run build`, and on `npm install` by the prepare script).
 */
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`iac-audit: ${bundle} is missing; run "npm run build" first\n`);
  process.exit(2);
}
require(bundle).cliMain(process.argv.slice(2));
