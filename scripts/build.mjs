#!/usr/bin/env node
/**
 * esbuild bundles: `node scripts/build.mjs [name ...]` builds all (or the named) entries below.
 * Also importable: `import { build } from './build.mjs'; await build(['server'])` (protocol tests,
 * benchmarks). To add a bundle, add an entry to ENTRIES; an entry whose source does not exist
 * yet is skipped with a notice, so one part's build never blocks another's.
 *
 *   server  dist/server.js   the language server (platform node, everything bundled)
 *   client  dist/client.js   the VS Code extension (external: vscode)
 *   cli     dist/cli.js      the `iac-audit` command line
 */
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

export const ENTRIES = [
  { name: 'server', entry: 'server/src/lsp/server.ts', outfile: 'dist/server.js', external: [] },
  { name: 'client', entry: 'client/src/extension.ts', outfile: 'dist/client.js', external: ['vscode'] },
  { name: 'cli', entry: 'server/src/cli/main.ts', outfile: 'dist/cli.js', external: [] },
];

/** Builds the named entries (all when omitted). Returns the output files written. */
export async function build(names, { quiet = false } = {}) {
  const selected = names?.length ? ENTRIES.filter((e) => names.includes(e.name)) : ENTRIES;
  const written = [];
  for (const entry of selected) {
    const source = join(ROOT, entry.entry);
    if (!existsSync(source)) {
      if (!quiet) console.log(`build: skipped ${entry.name} (${entry.entry} does not exist yet)`);
      continue;
    }
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [source],
      outfile: join(ROOT, entry.outfile),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: entry.external,
      // Whitespace and syntax only: identifiers stay readable in stack traces without `keepNames`,
      // whose name-setting wrapper around every closure costs measurable time on each keystroke.
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: 'linked',
      legalComments: 'none',
      logLevel: quiet ? 'error' : 'warning',
      define: { IAC_AUDIT_VERSION: JSON.stringify(pkg.version) },
    });
    written.push(entry.outfile);
    if (!quiet) console.log(`build: ${entry.outfile}`);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  build(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
