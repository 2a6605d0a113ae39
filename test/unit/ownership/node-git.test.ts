/** The git runner on real temporary repositories (skipped when git is not installed). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OwnershipResolver } from '../../../server/src/engine/ownership/index';
import { countLines, NodeGit } from '../../../server/src/node/git';
import { ADA, GRACE, gitAvailable, LOCAL, TempRepo } from './git-repo';

describe('ownership: git runner (node)', function () {
  this.timeout(20_000);
  let repo: TempRepo;
  let adaSha: string;
  let graceSha: string;
  const V1 = 'a = 1\nb = 2\nc = 3\n';
  const V2 = 'a = 1\nb = 20\nc = 3\n';

  before(function () {
    if (!gitAvailable()) {
      console.log('      (skipped: git is not installed)');
      this.skip();
    }
    repo = new TempRepo();
    repo.write('infra/main.tf', V1);
    repo.write('.github/CODEOWNERS', '* @org/all\n/infra/ @org/platform\n');
    adaSha = repo.commit(ADA, '2024-01-10T10:00:00+01:00', 'first version');
    repo.write('infra/main.tf', V2);
    graceSha = repo.commit(GRACE, '2024-02-01T09:30:00-05:00', 'open SG for debugging');
  });
  after(() => repo?.remove());

  const git = () => new NodeGit({ resolve: (p) => path.resolve(repo.dir, p), env: repo.env });

  it('finds the repository, the relative path and CODEOWNERS', async () => {
    const info = await git().repository('infra/main.tf');
    assert.deepEqual(info, { root: repo.dir, relativePath: 'infra/main.tf', codeowners: { path: '.github/CODEOWNERS', text: '* @org/all\n/infra/ @org/platform\n' } });
  });

  it('blames committed lines, and the unsaved buffer with --contents -', async () => {
    const g = git();
    const committed = await g.blame('infra/main.tf', [{ start: 1, end: 3 }]);
    assert.deepEqual(committed!.map((l) => [l.line, l.commit.sha, l.commit.author]), [
      [1, adaSha, ADA.name],
      [2, graceSha, GRACE.name],
      [3, adaSha, ADA.name],
    ]);
    const buffer = await g.blame('infra/main.tf', [{ start: 2, end: 4 }], 'a = 1\nb = 20\nc = 30\nd = 4\n');
    assert.deepEqual(buffer!.map((l) => [l.line, l.commit.sha.slice(0, 7)]), [
      [2, graceSha.slice(0, 7)],
      [3, '0000000'],
      [4, '0000000'],
    ]);
  });

  it('caches by file and content: asking again runs no git; new lines run git for those lines only', async () => {
    const g = git();
    await g.blame('infra/main.tf', [{ start: 1, end: 1 }]);
    const afterFirst = g.processes;
    await g.blame('infra/main.tf', [{ start: 1, end: 1 }]);
    assert.equal(g.processes, afterFirst);
    const lines = await g.blame('infra/main.tf', [{ start: 1, end: 3 }]);
    assert.equal(g.processes, afterFirst + 1);
    assert.equal(lines!.length, 3);
    await g.blame('infra/main.tf', [{ start: 1, end: 3 }], V2.replace('a = 1', 'a = 9'));
    assert.equal(g.processes, afterFirst + 2, 'another content is another cache entry');
  });

  it('the resolver gives the JSON owner with an ISO date in the author\'s offset and CODEOWNERS', async () => {
    const resolver = new OwnershipResolver(git());
    const finding = { file: 'infra/main.tf', range: { start: { line: 1, column: 0, offset: 6 }, end: { line: 1, column: 6, offset: 12 } } };
    assert.deepEqual(await resolver.ownerOf(finding), {
      author: GRACE.name,
      email: GRACE.email,
      commit: graceSha,
      date: '2024-02-01T09:30:00-05:00',
      summary: 'open SG for debugging',
      uncommitted: false,
      codeowners: ['@org/platform'],
    });
    const edited = await resolver.ownerOf(finding, 'a = 1\nb = 21\nc = 3\n');
    assert.deepEqual(edited, { author: LOCAL.name, email: LOCAL.email, commit: null, date: null, summary: null, uncommitted: true, codeowners: ['@org/platform'] });
  });

  it('a commit invalidates cached blame of the same content', async () => {
    const r = new TempRepo();
    try {
      r.write('f.tf', 'a = 1\n');
      r.commit(ADA, '2024-01-01T00:00:00Z', 'one');
      const g = new NodeGit({ resolve: (p) => path.resolve(r.dir, p), env: r.env });
      const edited = 'a = 2\n';
      assert.equal((await g.blame('f.tf', [{ start: 1, end: 1 }], edited))![0].commit.sha, '0'.repeat(40));
      r.write('f.tf', edited);
      const second = r.commit(GRACE, '2024-01-02T00:00:00Z', 'two');
      assert.equal((await g.blame('f.tf', [{ start: 1, end: 1 }], edited))![0].commit.sha, second);
    } finally {
      r.remove();
    }
  });

  it('a file git does not track yet is uncommitted; lines past the end are dropped', async () => {
    repo.write('infra/new.tf', 'x = 1\ny = 2');
    const lines = await git().blame('infra/new.tf', [{ start: 1, end: 10 }]);
    assert.deepEqual(lines!.map((l) => [l.line, l.commit.sha === '0'.repeat(40)]), [
      [1, true],
      [2, true],
    ]);
  });

  it('honours .git-blame-ignore-revs', async () => {
    const r = new TempRepo();
    try {
      r.write('f.tf', 'a = 1\nb = 2\n');
      const first = r.commit(ADA, '2024-01-01T00:00:00Z', 'one');
      r.write('f.tf', 'a = 1\nb = 3\n');
      const bulk = r.commit(GRACE, '2024-01-02T00:00:00Z', 'bulk rewrite');
      const g = new NodeGit({ resolve: (p) => path.resolve(r.dir, p), env: r.env });
      assert.equal((await g.blame('f.tf', [{ start: 2, end: 2 }]))![0].commit.sha, bulk);
      r.write('.git-blame-ignore-revs', `# formatting\n${bulk}\n`);
      const g2 = new NodeGit({ resolve: (p) => path.resolve(r.dir, p), env: r.env });
      assert.equal((await g2.blame('f.tf', [{ start: 2, end: 2 }]))![0].commit.sha, first);
    } finally {
      r.remove();
    }
  });

  it('degrades quietly: outside a repository, git missing, virtual paths', async () => {
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-norepo-')));
    try {
      fs.writeFileSync(path.join(outside, 'x.tf'), 'a = 1\n');
      const g = new NodeGit({ resolve: (p) => path.resolve(outside, p) });
      assert.equal(await g.repository('x.tf'), null);
      assert.equal(await g.blame('x.tf', [{ start: 1, end: 1 }]), null);
      const missing = new NodeGit({ resolve: (p) => path.resolve(repo.dir, p), gitPath: path.join(outside, 'no-such-git') });
      assert.equal(await missing.repository('infra/main.tf'), null);
      assert.equal(await missing.blame('infra/main.tf', [{ start: 1, end: 1 }]), null);
      assert.deepEqual(await missing.identity(), { name: os.userInfo().username, email: null });
      assert.equal(await git().blame('/.iac-audit-virtual/untitled/Untitled-1.tf', [{ start: 1, end: 1 }], 'a = 1\n'), null);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('identity: git config user.name/email of the repository', async () => {
    assert.deepEqual(await git().identity('infra/main.tf'), { name: LOCAL.name, email: LOCAL.email });
  });

  it('countLines counts a last line without a line break', () => {
    assert.equal(countLines(''), 0);
    assert.equal(countLines('a'), 1);
    assert.equal(countLines('a\n'), 1);
    assert.equal(countLines('a\nb'), 2);
  });
});
