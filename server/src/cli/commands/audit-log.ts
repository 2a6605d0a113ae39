/**
 * `iac-audit audit-log verify [FILE]`: checks the hash chain of an audit log (default
 * `.iac-audit/audit-log.jsonl`). Exit 0 when intact, 1 when broken (the first broken entry's
 * 1-based line number is printed), 2 when the file cannot be read.
 */
import * as path from 'node:path';
import { describeVerify, verifyChain } from '../../engine/audit-log/index';
import { AuditLogFile, DEFAULT_AUDIT_LOG, nodeSha256 } from '../../node/audit-log-file';
import { choice, parseCommandArgs, type OptionSpecs } from '../args';
import type { Command } from '../command';
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../io';

export const auditLogOptions: OptionSpecs = {
  head: { type: 'string', valueName: 'SHA256', description: 'A head hash printed by an earlier verify: fail unless the log still contains that entry (detects entries cut from the end).' },
  strict: { type: 'boolean', description: 'Also fail (exit 1) on an incomplete last line left by a crash.' },
  format: { type: 'string', short: 'f', valueName: 'text|json', description: 'Output format (default: text).' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};

export const auditLogCommand: Command = {
  name: 'audit-log',
  summary: 'Verify the hash chain of the tamper-evident audit log.',
  usage: ['audit-log verify [FILE] [--head SHA256] [--strict]'],
  options: auditLogOptions,
  details: `FILE defaults to ${DEFAULT_AUDIT_LOG.split(path.sep).join('/')} in the current directory.
Each entry's "prev" is the SHA-256 of the previous line, so editing, deleting or reordering an
entry breaks the chain at that entry. Entries cut from the end leave a shorter valid chain: record
the printed head hash (e.g. in CI) and pass it back with --head to detect that.

Exit codes:
  0  intact (an incomplete last line from a crash is reported, not a failure, unless --strict)
  1  broken: the first broken entry's line number is printed
  2  usage or I/O error (no such log)`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('audit-log', argv, auditLogOptions);
    const [sub, file, ...extra] = positionals;
    if (sub !== 'verify') throw new CliError(sub ? `unknown audit-log command "${sub}"` : 'missing audit-log command', 'Usage: iac-audit audit-log verify [FILE]');
    if (extra.length) throw new CliError(`unexpected argument "${extra[0]}"`, 'Usage: iac-audit audit-log verify [FILE]');
    const format = choice(values.format, '--format', ['text', 'json'] as const, 'text');
    const head = typeof values.head === 'string' ? values.head.toLowerCase() : undefined;
    if (head !== undefined && !/^[0-9a-f]{64}$/.test(head)) throw new CliError(`invalid value "${String(values.head)}" for --head: expected a SHA-256 hex digest`);
    const shown = file ?? DEFAULT_AUDIT_LOG;
    const bytes = await new AuditLogFile(path.resolve(io.cwd, shown)).read().catch((error: Error) => {
      throw new CliError(error.message);
    });
    if (!bytes) throw new CliError(`audit log not found: ${shown}`);
    const result = verifyChain(bytes, nodeSha256, { expectHead: head });
    const failed = !result.ok || (values.strict === true && result.incomplete !== undefined);
    if (format === 'json') {
      io.stdout.write(JSON.stringify({ file: shown, intact: result.ok, ...result, message: describeVerify(result) }, null, 2) + '\n');
    } else {
      io.stdout.write(`${shown}: ${describeVerify(result)}\n`);
    }
    return failed ? EXIT_FINDINGS : EXIT_OK;
  },
};
