/**
 * Builds dist/server.js once per test run (protocol tests and the LSP benchmark run the real
 * bundle, as an editor would).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

let built: Promise<void> | undefined;

export function buildServer(): Promise<void> {
  built ??= (async () => {
    const script = pathToFileURL(path.join(REPO_ROOT, 'scripts', 'build.mjs')).href;
    // A real dynamic import (tsx/cjs would turn `import()` into require(), which cannot load .mjs).
    const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ build: (names: string[], o: object) => Promise<string[]> }>;
    const { build } = await load(script);
    const written = await build(['server'], { quiet: true });
    if (!written.includes('dist/server.js')) throw new Error('dist/server.js was not built');
  })();
  return built;
}
