#!/usr/bin/env node
/**
 * `iac-audit-ls --stdio` (or `--node-ipc`, `--socket=PORT`): the IaC Audit language server for any
 * LSP client (Neovim, Helix, Emacs, Zed, ...). See docs/editors.md.
 */
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('Usage: iac-audit-ls --stdio | --node-ipc | --socket=PORT\nThe IaC Audit language server (LSP). Editor setup: docs/editors.md\n');
  process.exit(0);
}
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(require('../package.json').version + '\n');
  process.exit(0);
}
if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  process.stderr.write('iac-audit-ls: choose a transport: --stdio (most editors) or --node-ipc\n');
  process.exit(2);
}
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(`iac-audit-ls: ${bundle} is missing; run "npm run build" first\n`);
  process.exit(2);
}
require(bundle).startServer();
