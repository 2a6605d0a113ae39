/**
 * `iac-audit`: the command-line entry (bundled to dist/cli.js, started by bin/iac-audit.js; run from
 * source with `npx tsx server/src/cli/main.ts`). Dispatches to the commands in ./commands/.
 */
import { commandHelp, type Command } from './command';
import { commands } from './commands/index';
import { CliError, EXIT_OK, EXIT_USAGE, processIo, type CliIo } from './io';
import { toolVersion } from './version';

export function mainHelp(list: readonly Command[] = commands): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'Usage: iac-audit <command> [options]',
    '',
    'Audits Terraform, Kubernetes and CloudFormation: policy findings, suppressions with accountability, reports.',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also: iac-audit <command> --help)',
    '  -v, --version  Print the version',
    '',
  ].join('\n');
}

function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never throws. */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.stderr.write(mainHelp());
      return EXIT_USAGE;
    }
    if (first === '--version' || first === '-v' || first === 'version') {
      io.stdout.write(`${toolVersion()}\n`);
      return EXIT_OK;
    }
    if (first === '--help' || first === '-h') {
      io.stdout.write(mainHelp());
      return EXIT_OK;
    }
    if (first === 'help') {
      const target = rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
      if (rest[0] && !target) throw new CliError(`unknown command "${rest[0]}"`, 'Run "iac-audit --help" for the list of commands.');
      io.stdout.write(target ? commandHelp(target) : mainHelp());
      return EXIT_OK;
    }
    const command = commands.find((c) => c.name === first);
    if (!command) {
      const what = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
      throw new CliError(what, 'Run "iac-audit --help" for the list of commands.');
    }
    if (wantsHelp(rest)) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`iac-audit: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      return error.exitCode;
    }
    // A bug, not a usage problem: say so, with the stack for the report.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`iac-audit: internal error (please report it): ${detail}\n`);
    return EXIT_USAGE;
  }
}

/** Process entry: exit code via process.exitCode so piped stdout is flushed before exit. */
export function cliMain(argv: string[] = process.argv.slice(2)): Promise<void> {
  // `iac-audit scan | head` closes stdout early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return run(argv).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) void cliMain();
