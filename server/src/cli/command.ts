/**
 * A sub-command of `iac-audit`. To add one, write a module exporting a Command and list it in
 * ./commands/index.ts; `iac-audit --help` and `iac-audit <name> --help` pick it up.
 */
import { formatOptions, type OptionSpecs } from './args';
import type { CliIo } from './io';

export interface Command {
  /** As typed: `scan`, `policies`, `audit-log`. */
  name: string;
  /** One line for `iac-audit --help`. */
  summary: string;
  /** Usage lines without the leading `iac-audit `: `scan [paths...] [options]`. */
  usage: string[];
  /** Flags (rendered in help; commands parse with parseCommandArgs(name, argv, options)). */
  options: OptionSpecs;
  /** Extra help text after the options (exit codes, examples). */
  details?: string;
  /** Runs with the arguments after the command name; returns the exit code. Throws CliError for usage/I/O errors. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export function commandHelp(command: Command): string {
  const lines = [`Usage: ${command.usage.map((u) => `iac-audit ${u}`).join('\n       ')}`, '', command.summary];
  if (Object.keys(command.options).length) lines.push('', 'Options:', formatOptions(command.options));
  if (command.details) lines.push('', command.details.trimEnd());
  return lines.join('\n') + '\n';
}
