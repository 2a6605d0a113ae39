/**
 * Which Terraform files a path names, and parsing one file into what the module builder reads.
 * Parsing never throws: a broken file still yields whatever could be parsed plus diagnostics.
 */
import type { InputError } from '../../core/policy';
import type { HclFile } from '../../parsers/hcl/ast';
import { parseHcl } from '../../parsers/hcl/parser';
import { parseTerraformJson, type JsonDocument } from './json';

export type TerraformFileKind = 'tf' | 'tf.json' | 'tfvars' | 'tfvars.json';

export function terraformFileKind(path: string): TerraformFileKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tf')) return 'tf';
  if (lower.endsWith('.tf.json')) return 'tf.json';
  if (lower.endsWith('.tfvars')) return 'tfvars';
  if (lower.endsWith('.tfvars.json')) return 'tfvars.json';
  return undefined;
}

export interface TerraformFileParse {
  path: string;
  text: string;
  kind: TerraformFileKind;
  errors: InputError[];
  /** Native syntax (`.tf`, `.tfvars`). */
  hcl?: HclFile;
  /** JSON syntax (`.tf.json`, `.tfvars.json`); absent when the text is not JSON at all. */
  json?: JsonDocument;
}

export function parseTerraformFile(path: string, text: string): TerraformFileParse {
  const kind = terraformFileKind(path) ?? 'tf';
  const parse: TerraformFileParse = { path, text, kind, errors: [] };
  try {
    if (kind === 'tf' || kind === 'tfvars') {
      const hcl = parseHcl(path, text);
      parse.hcl = hcl;
      for (const d of hcl.diagnostics) parse.errors.push({ file: path, message: d.message, range: d.range, severity: 'error' });
    } else {
      const json = parseTerraformJson(text, kind);
      parse.json = json;
      for (const d of json.errors) parse.errors.push({ file: path, message: d.message, range: d.range, severity: 'error' });
    }
  } catch (error) {
    // A parser bug must not take the editor down; the file then contributes nothing.
    const message = error instanceof Error ? error.message : String(error);
    parse.errors.push({ file: path, message: `Internal error while parsing this file (please report it): ${message}`, severity: 'error' });
  }
  return parse;
}

/** The file's name without its directory. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** How a tfvars file takes part in variable values (Terraform's automatic loading rules). */
export type TfvarsRole = 'terraform' | 'auto' | 'explicit';

export function tfvarsRole(path: string): TfvarsRole {
  const name = baseName(path).toLowerCase();
  if (name === 'terraform.tfvars' || name === 'terraform.tfvars.json') return 'terraform';
  if (name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')) return 'auto';
  return 'explicit';
}
