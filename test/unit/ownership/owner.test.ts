/** From blame lines to a finding's owner: latest commit, uncommitted lines, dates, the resolver over a fake GitPort. */
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/engine/core/range';
import {
  introducedBy,
  isoDate,
  latestCommit,
  mergeSpans,
  ownerFromBlame,
  OwnershipResolver,
  parseBlame,
  relativeTime,
  spanOf,
  type BlameLine,
  type GitPort,
  type LineSpan,
} from '../../../server/src/engine/ownership/index';

const ADA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const GRACE = 'f00dfacef00dfacef00dfacef00dfacef00dface';
const ZERO = '0'.repeat(40);

function entry(sha: string, line: number, name: string, mail: string, time: number, summary: string): string {
  return [
    `${sha} ${line} ${line} 1`,
    `author ${name}`,
    `author-mail <${mail}>`,
    `author-time ${time}`,
    'author-tz +0100',
    `committer ${name}`,
    `committer-mail <${mail}>`,
    `committer-time ${time}`,
    'committer-tz +0100',
    `summary ${summary}`,
    'filename main.tf',
    '\tx',
  ].join('\n');
}

/** Lines 1-2 Ada (older), 3 Grace (newer), 4 uncommitted. */
const BLAME = [
  entry(ADA, 1, 'Ada Lovelace', 'ada@example.com', 1700000000, 'open SG for debugging'),
  entry(ADA, 2, 'Ada Lovelace', 'ada@example.com', 1700000000, 'open SG for debugging'),
  entry(GRACE, 3, 'Grace Hopper', 'grace@example.com', 1700600000, 'tighten ingress'),
  entry(ZERO, 4, 'Not Committed Yet', 'not.committed.yet', 1800000000, 'Version of main.tf from standard input'),
  '',
].join('\n');
const LINES = parseBlame(BLAME).lines;

const lines = (...numbers: number[]): BlameLine[] => LINES.filter((l) => numbers.includes(l.line));

describe('ownership: owner of a range', () => {
  it('picks the latest commit, and an uncommitted line over any commit', () => {
    assert.equal(latestCommit(lines(1, 2))!.sha, ADA);
    assert.equal(latestCommit(lines(1, 3))!.sha, GRACE);
    assert.equal(latestCommit(lines(3, 1))!.sha, GRACE);
    assert.equal(latestCommit(lines(1, 4, 3))!.sha, ZERO);
    assert.equal(latestCommit([]), undefined);
  });

  it('builds the JSON owner: committed, and uncommitted with the local identity or git\'s placeholder', () => {
    assert.deepEqual(ownerFromBlame(lines(1, 2), ['@org/platform'], null), {
      author: 'Ada Lovelace',
      email: 'ada@example.com',
      commit: ADA,
      date: '2023-11-14T23:13:20+01:00',
      summary: 'open SG for debugging',
      uncommitted: false,
      codeowners: ['@org/platform'],
    });
    assert.deepEqual(ownerFromBlame(lines(3, 4), [], { name: 'Ada Lovelace', email: 'ada@example.com' }), {
      author: 'Ada Lovelace',
      email: 'ada@example.com',
      commit: null,
      date: null,
      summary: null,
      uncommitted: true,
      codeowners: [],
    });
    assert.equal(ownerFromBlame(lines(4), [], null)!.author, 'Not Committed Yet');
    assert.equal(ownerFromBlame(lines(4), [], null)!.email, 'not.committed.yet');
    assert.equal(ownerFromBlame([], [], null), null);
  });

  it('dates: ISO 8601 in the author\'s offset; relative words', () => {
    assert.equal(isoDate(1112912053, '-0700'), '2005-04-07T15:14:13-07:00');
    assert.equal(isoDate(1112912053, '+0000'), '2005-04-07T22:14:13+00:00');
    assert.equal(isoDate(1112912053, '+0530'), '2005-04-08T03:44:13+05:30');
    assert.equal(isoDate(1112912053, 'bogus'), '2005-04-07T22:14:13Z');
    const now = new Date('2024-03-01T12:00:00Z');
    assert.equal(relativeTime('2024-03-01T11:59:30Z', now), 'just now');
    assert.equal(relativeTime('2024-03-01T11:55:00Z', now), '5 minutes ago');
    assert.equal(relativeTime('2024-03-01T11:00:00+00:00', now), '1 hour ago');
    assert.equal(relativeTime('2024-02-28T12:00:00Z', now), '2 days ago');
    assert.equal(relativeTime('2024-02-09T12:00:00Z', now), '3 weeks ago');
    assert.equal(relativeTime('2023-11-01T12:00:00Z', now), '4 months ago');
    assert.equal(relativeTime('2021-01-01T12:00:00Z', now), '3 years ago');
    assert.equal(relativeTime('2025-01-01T12:00:00Z', now), 'in the future');
  });

  it('the hover sentence', () => {
    const now = new Date('2023-12-05T22:13:20Z'); // three weeks after Ada's commit
    assert.equal(
      introducedBy(ownerFromBlame(lines(1), ['@org/platform'], null)!, now),
      "Introduced by Ada Lovelace <ada@example.com>, 3 weeks ago, in a1b2c3d 'open SG for debugging'",
    );
    assert.equal(
      introducedBy(ownerFromBlame(lines(4), [], { name: 'Grace Hopper', email: 'grace@example.com' })!, now),
      'Uncommitted change by Grace Hopper <grace@example.com> (not committed, so not reviewed yet)',
    );
  });

  it('line spans of ranges: 1-based, a range ending at column 0 stops on the line before; merging', () => {
    const index = new LineIndex('a\nb\nc\nd\n');
    assert.deepEqual(spanOf(index.range(2, 3)), { start: 2, end: 2 });
    assert.deepEqual(spanOf(index.range(0, 6)), { start: 1, end: 3 });
    assert.deepEqual(spanOf(index.range(2, 2)), { start: 2, end: 2 });
    assert.deepEqual(mergeSpans([{ start: 5, end: 6 }, { start: 1, end: 2 }, { start: 3, end: 3 }, { start: 2, end: 3 }, { start: 9, end: 9 }, { start: 6, end: 7 }]), [
      { start: 1, end: 3 },
      { start: 5, end: 7 },
      { start: 9, end: 9 },
    ]);
  });
});

describe('ownership: resolver over a GitPort', () => {
  const text = 'l1\nl2\nl3\nl4\n';
  const index = new LineIndex(text);
  const at = (file: string, fromLine: number, toLine: number) => ({ file, range: index.range(index.lineStart(fromLine - 1), index.lineEnd(toLine - 1)) });

  function fakeGit(calls: { file: string; spans: LineSpan[]; text?: string }[]): GitPort {
    return {
      async repository(file) {
        if (file.startsWith('outside/')) return null;
        return { root: '/repo', relativePath: file, codeowners: { path: '.github/CODEOWNERS', text: '* @org/all\n*.tf @org/platform\n' } };
      },
      async blame(file, spans, content) {
        calls.push({ file, spans, text: content });
        if (file === 'broken.tf') return null;
        return LINES.filter((l) => spans.some((s) => l.line >= s.start && l.line <= s.end));
      },
      async identity() {
        return { name: 'Local User', email: 'local@example.com' };
      },
    };
  }

  it('one blame per file over the merged spans; owners with CODEOWNERS; null outside a repository or when git fails', async () => {
    const calls: { file: string; spans: LineSpan[]; text?: string }[] = [];
    const resolver = new OwnershipResolver(fakeGit(calls));
    const a = at('main.tf', 1, 1);
    const b = at('main.tf', 2, 3);
    const c = at('main.tf', 4, 4);
    const d = at('outside/x.tf', 1, 1);
    const e = at('broken.tf', 1, 1);
    const f = at('values.yaml', 1, 2);
    const owners = await resolver.ownersOf([a, b, c, d, e, f], (file) => (file === 'main.tf' ? 'buffer' : undefined));
    assert.deepEqual(calls, [
      { file: 'main.tf', spans: [{ start: 1, end: 4 }], text: 'buffer' },
      { file: 'broken.tf', spans: [{ start: 1, end: 1 }], text: undefined },
      { file: 'values.yaml', spans: [{ start: 1, end: 2 }], text: undefined },
    ]);
    assert.equal(owners.get(a)!.commit, ADA);
    assert.deepEqual(owners.get(a)!.codeowners, ['@org/platform']);
    assert.equal(owners.get(b)!.commit, GRACE);
    assert.deepEqual(
      { ...owners.get(c)! },
      { author: 'Local User', email: 'local@example.com', commit: null, date: null, summary: null, uncommitted: true, codeowners: ['@org/platform'] },
    );
    assert.equal(owners.get(d), null);
    assert.equal(owners.get(e), null);
    assert.deepEqual(owners.get(f)!.codeowners, ['@org/all']);
    assert.deepEqual(await resolver.codeownersOf('main.tf'), ['@org/platform']);
    assert.equal(await resolver.codeownersOf('outside/x.tf'), null);
  });
});
