/**
 * The blame parser on synthetic porcelain / line-porcelain / incremental output (written here), and
 * on real git output from ../shared/formats/git/blame when it is present.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isUncommitted, parseBlame, unquotePath, type BlameLine } from '../../../server/src/engine/ownership/index';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'formats', 'git', 'blame');

const ADA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const GRACE = 'f00dfacef00dfacef00dfacef00dfacef00dface';
const ZERO = '0'.repeat(40);

function meta(name: string, mail: string, time: number, tz: string, summary: string): string[] {
  return [
    `author ${name}`,
    `author-mail <${mail}>`,
    `author-time ${time}`,
    `author-tz ${tz}`,
    `committer ${name}`,
    `committer-mail <${mail}>`,
    `committer-time ${time}`,
    `committer-tz ${tz}`,
    `summary ${summary}`,
  ];
}

/** Three lines by Ada, then one by Grace, then one not committed, in --porcelain. */
const PORCELAIN = [
  `${ADA} 1 1 2`,
  ...meta('Ada Lovelace', 'ada@example.com', 1700000000, '+0100', 'open SG for debugging'),
  'boundary',
  'filename main.tf',
  '\tresource "aws_security_group" "ssh" {',
  `${ADA} 2 2`,
  '\t  name = "ssh"',
  `${GRACE} 3 3 1`,
  ...meta('Grace Hopper', 'grace@example.com', 1700600000, '-0500', 'tighten ingress'),
  `previous ${ADA} main.tf`,
  'filename main.tf',
  '\t  ingress {',
  `${ADA} 4 4 1`,
  '\t  }',
  `${ZERO} 5 5 1`,
  ...meta('Not Committed Yet', 'not.committed.yet', 1800000000, '+0000', 'Version of main.tf from standard input'),
  `previous ${GRACE} main.tf`,
  'filename main.tf',
  '\t}',
  '',
].join('\n');

function summary(lines: BlameLine[]): string[] {
  return lines.map((l) => `${l.line}<-${l.originalLine} ${l.commit.sha.slice(0, 7)} ${l.commit.author} <${l.commit.authorMail}> ${l.filename}`);
}

describe('ownership: git blame parser', () => {
  it('reads --porcelain: metadata on first sight only, one line per header', () => {
    const { lines, commits } = parseBlame(PORCELAIN);
    assert.deepEqual(summary(lines), [
      '1<-1 a1b2c3d Ada Lovelace <ada@example.com> main.tf',
      '2<-2 a1b2c3d Ada Lovelace <ada@example.com> main.tf',
      '3<-3 f00dfac Grace Hopper <grace@example.com> main.tf',
      '4<-4 a1b2c3d Ada Lovelace <ada@example.com> main.tf',
      '5<-5 0000000 Not Committed Yet <not.committed.yet> main.tf',
    ]);
    assert.equal(commits.size, 3);
    const ada = commits.get(ADA)!;
    assert.deepEqual(
      { ...ada },
      {
        sha: ADA,
        author: 'Ada Lovelace',
        authorMail: 'ada@example.com',
        authorTime: 1700000000,
        authorTz: '+0100',
        committer: 'Ada Lovelace',
        committerMail: 'ada@example.com',
        committerTime: 1700000000,
        committerTz: '+0100',
        summary: 'open SG for debugging',
        boundary: true,
      },
    );
    assert.deepEqual(commits.get(GRACE)!.previous, { sha: ADA, path: 'main.tf' });
    assert.equal(isUncommitted(lines[4].commit), true);
    assert.equal(isUncommitted(lines[0].commit), false);
  });

  it('reads --incremental: groups of <count> lines in any order, ended by filename', () => {
    const text = [
      `${GRACE} 7 3 2`,
      ...meta('Grace Hopper', 'grace@example.com', 1700600000, '-0500', 'tighten ingress'),
      'filename network.tf',
      `${ADA} 1 1 2`,
      ...meta('Ada Lovelace', 'ada@example.com', 1700000000, '+0100', 'open SG for debugging'),
      'filename main.tf',
      `${GRACE} 10 5 1`,
      'filename network.tf',
    ].join('\n');
    assert.deepEqual(summary(parseBlame(text).lines), [
      '1<-1 a1b2c3d Ada Lovelace <ada@example.com> main.tf',
      '2<-2 a1b2c3d Ada Lovelace <ada@example.com> main.tf',
      '3<-7 f00dfac Grace Hopper <grace@example.com> network.tf',
      '4<-8 f00dfac Grace Hopper <grace@example.com> network.tf',
      '5<-10 f00dfac Grace Hopper <grace@example.com> network.tf',
    ]);
  });

  it('keeps content that looks like a header or a key (it is after a TAB)', () => {
    const text = [`${ADA} 1 1 1`, ...meta('A', 'a@x.io', 1, '+0000', 's'), 'filename f', `\t${GRACE} 1 1 1`, ''].join('\n');
    const { lines, commits } = parseBlame(text);
    assert.equal(lines.length, 1);
    assert.equal(commits.size, 1);
  });

  it('reads non-ASCII names, quoted paths, SHA-256 hashes and ignores unknown keys', () => {
    const sha256 = 'ab'.repeat(32);
    const text = [`${sha256} 1 1 1`, 'author Ünïcode Äuthor', 'author-mail <u@example.com>', 'x-future-key value', 'summary ü', 'filename "dir/\\303\\251t\\303\\251.tf"', '\tx', ''].join('\n');
    const [line] = parseBlame(text).lines;
    assert.equal(line.commit.author, 'Ünïcode Äuthor');
    assert.equal(line.commit.sha, sha256);
    assert.equal(line.filename, 'dir/été.tf');
    assert.equal(unquotePath('"a\\tb\\"c"'), 'a\tb"c');
    assert.equal(unquotePath('plain.tf'), 'plain.tf');
  });

  it('returns nothing for empty or unrelated output', () => {
    assert.deepEqual(parseBlame('').lines, []);
    assert.deepEqual(parseBlame('fatal: no such path\n').lines, []);
  });

  describe('real git output (../shared/formats/git/blame)', function () {
    before(function () {
      if (!fs.existsSync(SHARED)) {
        console.log(`      (skipped: ${SHARED} not present)`);
        this.skip();
      }
    });
    const read = (...p: string[]) => fs.readFileSync(path.join(SHARED, ...p), 'utf8');

    it('t8008: porcelain, line-porcelain and incremental agree line by line', () => {
      const expected = [
        '1<-1 baf5e0b A U Thor <author@example.com> file',
        '2<-2 8825379 A U Thor <author@example.com> file',
        '3<-3 8825379 A U Thor <author@example.com> file',
        '4<-4 8825379 A U Thor <author@example.com> file',
      ];
      for (const name of ['file.porcelain.txt', 'file.line-porcelain.txt', 'file.incremental.txt']) {
        const { lines, commits } = parseBlame(read('synthetic-t8008', name));
        assert.deepEqual(summary(lines), expected, name);
        const one = commits.get('baf5e0b3869e0b2b2beb395a3720c7b51eac94fc')!;
        assert.equal(one.boundary, true);
        assert.equal(one.summary, 'one');
        assert.equal(one.authorTime, 1112911993);
        assert.equal(one.authorTz, '-0700');
        assert.deepEqual(commits.get('8825379dfb8a1267b58e8e5bcf69eec838f685ec')!.previous, { sha: 'baf5e0b3869e0b2b2beb395a3720c7b51eac94fc', path: 'file' });
      }
    });

    it('t8008 with working-tree edits: uncommitted lines, metadata not repeated for the second one', () => {
      for (const name of ['file.uncommitted.porcelain.txt', 'file.uncommitted.incremental.txt']) {
        const { lines } = parseBlame(read('synthetic-t8008', name));
        assert.deepEqual(
          lines.map((l) => `${l.line} ${isUncommitted(l.commit) ? 'uncommitted' : l.commit.sha.slice(0, 7)}`),
          ['1 baf5e0b', '2 uncommitted', '3 8825379', '4 8825379', '5 uncommitted'],
          name,
        );
        assert.equal(lines[4].commit.author, 'Not Committed Yet');
        assert.equal(lines[4].commit.summary, 'Version of file from file');
      }
    });

    it('a rename: old lines keep the old filename, new lines are by a non-ASCII author', () => {
      for (const name of ['network.tf.renamed.porcelain.txt', 'network.tf.renamed.incremental.txt']) {
        const { lines } = parseBlame(read('synthetic-t8008', name));
        assert.deepEqual(summary(lines), [
          '1<-1 3fa4146 A U Thor <author@example.com> main.tf',
          '2<-2 3fa4146 A U Thor <author@example.com> main.tf',
          '3<-3 3fa4146 A U Thor <author@example.com> main.tf',
          '4<-4 1374710 Ünïcode Äuthor <unicode@example.com> network.tf',
          '5<-5 1374710 Ünïcode Äuthor <unicode@example.com> network.tf',
          '6<-6 1374710 Ünïcode Äuthor <unicode@example.com> network.tf',
        ], name);
        assert.deepEqual(lines[3].commit.previous, { sha: '3fa414656bbff0f55fbe9230f8f423700c144975', path: 'main.tf' });
      }
    });

    it('terraform-aws-s3-bucket: the three formats give the same attribution for every line', () => {
      for (const file of ['outputs.tf', 'versions.tf']) {
        const lineCount = read('real-terraform-aws-s3-bucket', file).split('\n').length - 1;
        const formats = ['porcelain', 'line-porcelain', 'incremental'].map((f) => parseBlame(read('real-terraform-aws-s3-bucket', `${file}.${f}.txt`)));
        for (const parse of formats) {
          assert.equal(parse.lines.length, lineCount, file);
          assert.deepEqual(parse.lines.map((l) => l.line), Array.from({ length: lineCount }, (_, i) => i + 1));
          for (const commit of parse.commits.values()) {
            assert.ok(commit.author && commit.authorMail && commit.authorTime > 0 && commit.summary, `${file} ${commit.sha}`);
          }
        }
        const key = (p: (typeof formats)[number]) => p.lines.map((l) => `${l.line} ${l.commit.sha} ${l.originalLine} ${l.commit.author} ${l.commit.summary}`);
        assert.deepEqual(key(formats[1]), key(formats[0]));
        assert.deepEqual(key(formats[2]), key(formats[0]));
      }
      const authors = new Set(parseBlame(read('real-terraform-aws-s3-bucket', 'versions.tf.porcelain.txt')).lines.map((l) => l.commit.author));
      const outputs = new Set(parseBlame(read('real-terraform-aws-s3-bucket', 'outputs.tf.porcelain.txt')).lines.map((l) => l.commit.author));
      assert.ok([...authors, ...outputs].some((a) => /[^\x00-\x7f]/.test(a)), 'a non-ASCII author name is read as UTF-8');
    });
  });
});
