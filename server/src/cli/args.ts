/**
 * Thin wrapper over node:util parseArgs: strict parsing with error messages that say what to do,
 * and the small value parsers the commands share.
 */
import { parseArgs } from 'node:util';
import { CliError } from './io';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in --help: `--format text|json|sarif`. */
  valueName?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, argv: string[], options: OptionSpecs): ParsedArgs {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(options)) {
    // parseArgs rejects keys that are present but undefined.
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node's messages are good but long; keep their first sentence.
    throw new CliError(message.split('. ')[0].replace(/\.$/, ''), `Run "iac-audit ${command} --help" for usage.`);
  }
}

/** A string option restricted to `choices`. */
export function choice<T extends string>(value: unknown, flag: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const v = String(value).toLowerCase();
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new CliError(`invalid value "${String(value)}" for ${flag}: expected one of ${choices.join(', ')}`);
}

/** Repeatable options also accept comma-separated lists: `--policy A,B --policy C`. */
export function listOption(value: unknown): string[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
}

/** `2097152`, `512k`, `2MB`, `1.5m` -> bytes. */
export function byteSize(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(String(value).trim());
  if (!m) throw new CliError(`invalid value "${String(value)}" for ${flag}: expected a number of bytes, e.g. 2097152 or 2MB`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  if (bytes <= 0) throw new CliError(`invalid value "${String(value)}" for ${flag}: must be positive`);
  return bytes;
}

/** A whole number of days (0 or more), e.g. `--expiring-within 14`; undefined when the flag is absent. */
export function dayCount(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(String(value).trim())) throw new CliError(`invalid value "${String(value)}" for ${flag}: expected a number of days`);
  return Number(String(value).trim());
}

/** The `Options:` section of a command's help. */
export function formatOptions(options: OptionSpecs): string {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`).join('\n');
}
