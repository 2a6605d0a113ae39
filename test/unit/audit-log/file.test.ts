/** The audit log file: appends under the lock, torn-tail recovery, stale locks, concurrent writers. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLogError, verifyChain, type AuditEntry } from '../../../server/src/engine/audit-log/index';
import { AuditLogFile, nodeSha256, openAuditLog } from '../../../server/src/node/audit-log-file';

const TSX = require.resolve('tsx/cjs');
const WORKER = path.join(__dirname, 'append-worker.ts');

describe('audit log: file store', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-log-'));
    file = path.join(dir, '.iac-audit', 'audit-log.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = (lockTimeoutMs = 10_000) =>
    openAuditLog({ file, toolVersion: '1.2.3', actor: async () => ({ name: 'Ada Lovelace', email: 'ada@example.com' }), lockTimeoutMs });
  const verify = () => verifyChain(new Uint8Array(fs.readFileSync(file)), nodeSha256);
  const entries = () => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);

  it('creates the folder and the file, appends whole lines, releases the lock', async () => {
    const log = open();
    await log.record([{ event: 'scan', data: { files: 1 } }, { event: 'findings.appeared', data: { findings: [] } }]);
    await log.record([{ event: 'report.generated', data: { format: 'json' } }]);
    assert.deepEqual(verify(), { ok: true, entries: 3, head: verify().head, headSeq: 3 });
    assert.deepEqual(entries().map((e) => [e.seq, e.event, e.tool.version, e.actor.name]), [
      [1, 'scan', '1.2.3', 'Ada Lovelace'],
      [2, 'findings.appeared', '1.2.3', 'Ada Lovelace'],
      [3, 'report.generated', '1.2.3', 'Ada Lovelace'],
    ]);
    assert.equal(fs.existsSync(`${file}.lock`), false);
    assert.ok(fs.readFileSync(file, 'utf8').endsWith('}\n'));
  });

  it('a crash mid-write: verify says so; the next append sets the torn bytes aside and continues the chain', async () => {
    await open().record([{ event: 'scan', data: {} }, { event: 'scan', data: {} }]);
    fs.appendFileSync(file, '{"seq":3,"time":"2026-');
    const torn = verify();
    assert.equal(torn.ok, true);
    assert.equal(torn.entries, 2);
    assert.deepEqual(torn.incomplete, { line: 3, bytes: 22 });
    await open().record([{ event: 'fix.applied', data: {} }]);
    assert.equal(verify().ok, true);
    assert.equal(verify().entries, 3);
    assert.equal(verify().incomplete, undefined);
    assert.equal(fs.readFileSync(`${file}.torn`, 'utf8'), '{"seq":3,"time":"2026-\n');
  });

  it('a stale lock (its process is gone, or it is old) is taken over; a live one is waited for', async () => {
    await open().record([{ event: 'scan', data: {} }]);
    const lock = `${file}.lock`;
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid!));
    });
    fs.writeFileSync(lock, JSON.stringify({ pid: dead, host: os.hostname(), token: 'x', time: Date.now() }));
    await open().record([{ event: 'scan', data: {} }]);
    assert.equal(verify().entries, 2);
    assert.equal(fs.existsSync(lock), false);

    fs.writeFileSync(lock, JSON.stringify({ pid: 1, host: 'another-host', token: 'y', time: 0 }));
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(lock, old, old);
    await open().record([{ event: 'scan', data: {} }]);
    assert.equal(verify().entries, 3);

    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'live', time: Date.now() }));
    await assert.rejects(open(100).record([{ event: 'scan', data: {} }]), (e: unknown) => e instanceof AuditLogError && /locked by another process/.test(e.message));
    assert.equal(JSON.parse(fs.readFileSync(lock, 'utf8')).token, 'live', 'a live lock is left alone');
    fs.unlinkSync(lock);
    assert.equal(verify().entries, 3);
  });

  it('refuses to extend a log whose last entry is not valid', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'not json\n');
    await assert.rejects(open().record([{ event: 'scan', data: {} }]), (e: unknown) => e instanceof AuditLogError && /last entry of the audit log is not valid \(not valid JSON\)/.test(e.message));
  });

  it('reads null when the log does not exist', async () => {
    assert.equal(await new AuditLogFile(file).read(), null);
  });

  it('several processes appending at once: every entry is there, once, and the chain is intact', async () => {
    const WORKERS = 6;
    const EACH = 25;
    const children = Array.from({ length: WORKERS }, (_, id) => {
      const child = spawn(process.execPath, ['-r', TSX, WORKER, file, String(EACH), String(id)], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      return { child, done: new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
    });
    // Workers wait for "go" on stdin after loading, so they append at the same time.
    for (const { child } of children) child.stdin!.end('go\n');
    const results = await Promise.all(children.map((c) => c.done));
    assert.deepEqual(results.map((r) => r.code), Array(WORKERS).fill(0), results.map((r) => r.stderr).join('\n'));
    const result = verify();
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.entries, WORKERS * EACH);
    assert.equal(result.incomplete, undefined);
    const all = entries();
    assert.deepEqual(all.map((e) => e.seq), Array.from({ length: WORKERS * EACH }, (_, i) => i + 1));
    for (let id = 0; id < WORKERS; id++) {
      const mine = all.filter((e) => e.data.worker === id).map((e) => e.data.i);
      assert.deepEqual(mine, Array.from({ length: EACH }, (_, i) => i), `worker ${id} wrote each entry once, in order`);
    }
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });
});
