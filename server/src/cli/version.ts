/**
 * The tool version. The esbuild bundle defines IAC_AUDIT_VERSION (scripts/build.mjs); when the CLI
 * runs from source (tsx, tests) it is read from package.json instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const IAC_AUDIT_VERSION: string | undefined;

let cached: string | undefined;

export function toolVersion(): string {
  if (typeof IAC_AUDIT_VERSION === 'string') return IAC_AUDIT_VERSION;
  if (cached) return cached;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: string };
    cached = pkg.version ?? '0.0.0-dev';
  } catch {
    cached = '0.0.0-dev';
  }
  return cached;
}
