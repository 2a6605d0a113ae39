/** A child process for the concurrency test: appends `count` entries to the log as `worker-<id>`. */
import { openAuditLog } from '../../../server/src/node/audit-log-file';

async function main(): Promise<void> {
  const [file, count, id] = process.argv.slice(2);
  const log = openAuditLog({ file, toolVersion: 'test', actor: async () => ({ name: `worker-${id}`, email: null }), lockTimeoutMs: 60_000 });
  // Start together (the parent writes "go" on stdin) so the appends really contend.
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  for (let i = 0; i < Number(count); i++) await log.record([{ event: 'scan', data: { worker: Number(id), i } }]);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
