/** The audit log's pure parts: canonical JSON, chaining, verification and tamper detection. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  AuditLog,
  canonicalJson,
  chainEntries,
  describeVerify,
  entryLine,
  GENESIS_PREV,
  lastLineOf,
  MemoryAuditLogStore,
  verifyChain,
  type AuditEntry,
  type Sha256,
} from '../../../server/src/engine/audit-log/index';

const sha256: Sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const context = { time: '2026-01-05T10:00:00.000Z', actor: { name: 'Ada Lovelace', email: 'ada@example.com' }, tool: { name: 'iac-audit' as const, version: '0.1.0' } };

/** A log of `n` entries (scan, fix, ...) as text. */
function log(n: number): string {
  const events = Array.from({ length: n }, (_, i) => ({ event: 'scan' as const, data: { files: i, paths: ['.'] } }));
  return chainEntries(null, events, context, sha256).map((l) => l + '\n').join('');
}

const lines = (text: string) => text.split('\n').slice(0, -1);
const join = (ls: string[]) => ls.map((l) => l + '\n').join('');
const verify = (text: string, expectHead?: string) => verifyChain(encode(text), sha256, { expectHead });

describe('audit log: entries and chain', () => {
  it('canonical JSON: sorted nested keys, no whitespace, undefined left out', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, 'x', null, { z: true, y: false }], c: undefined } }), '{"a":{"d":[1,"x",null,{"y":false,"z":true}]},"b":1}');
    assert.equal(canonicalJson('é\n"'), '"é\\n\\""');
    assert.equal(canonicalJson(Number.NaN), 'null');
  });

  it('an entry line: top-level keys in the documented order, the first prev is 64 zeros', () => {
    const [first, second] = chainEntries(null, [{ event: 'scan', data: { files: 2 } }, { event: 'fix.applied', data: { file: 'main.tf' } }], context, sha256);
    assert.equal(
      first,
      '{"seq":1,"time":"2026-01-05T10:00:00.000Z","actor":{"email":"ada@example.com","name":"Ada Lovelace"},"tool":{"name":"iac-audit","version":"0.1.0"},"event":"scan","data":{"files":2},"prev":"' +
        GENESIS_PREV +
        '"}',
    );
    const entry = JSON.parse(second) as AuditEntry;
    assert.equal(entry.seq, 2);
    assert.equal(entry.prev, sha256(encode(first)));
    assert.equal(entryLine(entry), second);
  });

  it('continues after an existing tail', () => {
    const existing = lines(log(3));
    const tail = { line: encode(existing[2]), entry: JSON.parse(existing[2]) as AuditEntry };
    const more = chainEntries(tail, [{ event: 'report.generated', data: {} }], context, sha256);
    const result = verify(join([...existing, ...more]));
    assert.equal(result.ok, true);
    assert.equal(result.entries, 4);
  });

  it('verifies an intact log and reports its head', () => {
    const text = log(5);
    const result = verify(text);
    assert.deepEqual(result, { ok: true, entries: 5, head: sha256(encode(lines(text)[4])), headSeq: 5 });
    assert.match(describeVerify(result), /^verified 5 entries; the chain is intact \(head [0-9a-f]{64}, seq 5\)\.$/);
    assert.deepEqual(verify(''), { ok: true, entries: 0, head: null, headSeq: 0 });
    assert.equal(describeVerify(verify('')), 'verified 0 entries; the chain is intact (empty log).');
  });

  describe('tampering', () => {
    const original = lines(log(5));

    it('edit: a value changed in line 3 (still canonical) breaks at line 3', () => {
      const edited = [...original];
      edited[2] = edited[2].replace('"files":2', '"files":7');
      const result = verify(join(edited));
      assert.equal(result.ok, false);
      assert.deepEqual(result.broken, { line: 3, reason: 'its SHA-256 no longer matches the "prev" recorded in line 4 (line 3 was modified, or an entry after it was removed)' });
      assert.equal(result.entries, 2);
      assert.equal(describeVerify(result), 'line 3: its SHA-256 no longer matches the "prev" recorded in line 4 (line 3 was modified, or an entry after it was removed); 2 entries verified before it.');
    });

    it('edit: reformatting or changing key order is caught as non-canonical', () => {
      const edited = [...original];
      edited[1] = edited[1].replace('{"seq":2,', '{ "seq": 2,');
      assert.deepEqual(verify(join(edited)).broken, { line: 2, reason: 'not in canonical form (the line was edited)' });
      const swapped = [...original];
      swapped[3] = swapped[3].replace('"email":"ada@example.com","name":"Ada Lovelace"', '"name":"Ada Lovelace","email":"ada@example.com"');
      assert.deepEqual(verify(join(swapped)).broken, { line: 4, reason: 'not in canonical form (the line was edited)' });
    });

    it('edit of the last line is caught only against a recorded head', () => {
      const head = verify(join(original)).head!;
      const edited = [...original];
      edited[4] = edited[4].replace('"files":4', '"files":9');
      assert.equal(verify(join(edited)).ok, true, 'nothing after it records its hash');
      const result = verify(join(edited), head);
      assert.equal(result.ok, false);
      assert.equal(result.broken!.line, 6);
      assert.match(result.broken!.reason, /^the expected head [0-9a-f]{64} is not in the log/);
    });

    it('delete: removing line 2 breaks at line 2 (sequence gap)', () => {
      const deleted = original.filter((_, i) => i !== 1);
      assert.deepEqual(verify(join(deleted)).broken, { line: 2, reason: 'sequence number 3, expected 2 (an entry before it was deleted, or entries were reordered)' });
      const first = original.slice(1);
      assert.deepEqual(verify(join(first)).broken, { line: 1, reason: 'sequence number 2, expected 1 (an entry before it was deleted, or entries were reordered)' });
    });

    it('delete and renumber: the chain still breaks', () => {
      const deleted = original.filter((_, i) => i !== 1).map((l, i) => l.replace(/^\{"seq":\d+/, `{"seq":${i + 1}`));
      assert.deepEqual(verify(join(deleted)).broken, { line: 1, reason: 'its SHA-256 no longer matches the "prev" recorded in line 2 (line 1 was modified, or an entry after it was removed)' });
    });

    it('reorder: swapping lines 3 and 4 breaks at line 3', () => {
      const reordered = [original[0], original[1], original[3], original[2], original[4]];
      assert.deepEqual(verify(join(reordered)).broken, { line: 3, reason: 'sequence number 4, expected 3 (an entry before it was deleted, or entries were reordered)' });
    });

    it('truncate: whole entries cut from the end are caught against a recorded head', () => {
      const head = verify(join(original)).head!;
      const truncated = join(original.slice(0, 3));
      assert.equal(verify(truncated).ok, true);
      assert.equal(verify(truncated, head).ok, false);
      assert.equal(verify(join(original), verify(truncated).head!).ok, true, 'an older head is still in a longer log');
    });

    it('truncate mid-line: the torn last line is reported as incomplete, the rest verifies', () => {
      const text = join(original);
      const cut = text.slice(0, text.length - 20);
      const result = verify(cut);
      assert.equal(result.ok, true);
      assert.equal(result.entries, 4);
      assert.deepEqual(result.incomplete, { line: 5, bytes: original[4].length - 19 });
      assert.equal(describeVerify(result), 'verified 4 entries; line 5 is incomplete (crash during write?)');
    });

    it('a cut in the middle of the log is broken (not merely incomplete)', () => {
      const text = join(original);
      const start = text.indexOf('\n') + 10;
      const damaged = text.slice(0, start) + text.slice(start + 30);
      assert.deepEqual(verify(damaged).broken, { line: 2, reason: 'not valid JSON' });
    });

    it('garbage: invalid UTF-8, empty lines, wrong keys, bad prev of the first entry', () => {
      const bytes = encode(join(original));
      const bad = new Uint8Array([...bytes.subarray(0, 20), 0xff, ...bytes.subarray(21)]);
      assert.deepEqual(verifyChain(bad, sha256).broken, { line: 1, reason: 'not valid UTF-8' });
      assert.deepEqual(verify(join([original[0], '', original[1]])).broken, { line: 2, reason: 'empty line' });
      assert.equal(verify('{"a":1}\n').broken!.reason, 'keys are a; expected seq, time, actor, tool, event, data, prev in that order');
      const wrongGenesis = original[0].replace(GENESIS_PREV, '1'.repeat(64));
      assert.deepEqual(verify(join([wrongGenesis])).broken, { line: 1, reason: '"prev" of the first entry is not 64 zeros (the log does not start at its first entry)' });
    });
  });

  it('lastLineOf: the last complete line of a tail chunk, torn bytes, and whether to read more', () => {
    assert.deepEqual(lastLineOf(encode('a\nbc\n'), true), { line: encode('bc'), tornBytes: 0, complete: true });
    assert.deepEqual(lastLineOf(encode('a\nbc\nde'), true), { line: encode('bc'), tornBytes: 2, complete: true });
    assert.deepEqual(lastLineOf(encode('bc\n'), false), { line: null, tornBytes: 0, complete: false });
    assert.deepEqual(lastLineOf(encode('x\nbc\n'), false), { line: encode('bc'), tornBytes: 0, complete: true });
    assert.deepEqual(lastLineOf(encode(''), true), { line: null, tornBytes: 0, complete: true });
    assert.deepEqual(lastLineOf(encode('torn'), true), { line: null, tornBytes: 4, complete: true });
  });

  it('AuditLog over a memory store: fills in seq, time, actor, tool; drops a torn tail before appending', async () => {
    const store = new MemoryAuditLogStore();
    const audit = new AuditLog({
      store,
      sha256,
      tool: { name: 'iac-audit', version: '9.9.9' },
      actor: async () => ({ name: 'Grace Hopper', email: null }),
      now: () => new Date('2026-02-03T04:05:06.789Z'),
    });
    await audit.record([{ event: 'scan', data: { files: 1 } }]);
    store.bytes = new Uint8Array([...store.bytes!, ...encode('{"seq":2,"ti')]);
    await audit.record([{ event: 'suppression.added', data: { source: 'editor' } }]);
    const text = decode(store.bytes!);
    assert.equal(verify(text).ok, true);
    assert.equal(verify(text).entries, 2);
    const second = JSON.parse(lines(text)[1]) as AuditEntry;
    assert.deepEqual([second.seq, second.time, second.actor, second.tool, second.event], [2, '2026-02-03T04:05:06.789Z', { name: 'Grace Hopper', email: null }, { name: 'iac-audit', version: '9.9.9' }, 'suppression.added']);
    await audit.record([]);
    assert.equal(verify(decode(store.bytes!)).entries, 2);
  });
});
