/**
 * What a CLI command may touch besides the file system: its streams, the environment and the
 * working directory. Passing them in keeps commands testable in-process.
 */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: CliStream;
  stderr: CliStream;
}

/** Exit codes: the contract CI pipelines rely on. */
export const EXIT_OK = 0;
/** Findings at or above --fail-on (or a failed check, e.g. a broken audit log). */
export const EXIT_FINDINGS = 1;
/** Usage or I/O error: unknown flag or value, missing path, unwritable output. */
export const EXIT_USAGE = 2;

/** A problem with how the command was invoked, or with its inputs/outputs; exits 2 with the message. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Extra hint printed after the message, e.g. `Run "iac-audit scan --help" for usage.` */
    readonly hint?: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
  }
}

export function processIo(): CliIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}
