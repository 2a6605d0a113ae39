/**
 * CODEOWNERS parsing and matching: GitHub's rules on synthetic files, and, when ../shared is
 * present, hmarr/codeowners' pattern truth table, GitHub's documented example and real files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchCodeowners, ownersOf, parseCodeowners } from '../../../server/src/engine/ownership/index';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'formats', 'git', 'codeowners');

const owners = (text: string, file: string) => ownersOf(parseCodeowners(text), file);

describe('ownership: CODEOWNERS', () => {
  it('last match wins, including a later rule with no owners', () => {
    const text = ['*              @org/everyone', '*.tf           @org/platform', '/modules/       @org/modules', '/modules/legacy', ''].join('\n');
    assert.deepEqual(owners(text, 'main.tf'), ['@org/platform']);
    assert.deepEqual(owners(text, 'README.md'), ['@org/everyone']);
    assert.deepEqual(owners(text, 'modules/vpc/main.tf'), ['@org/modules']);
    assert.deepEqual(owners(text, 'modules/legacy/main.tf'), []);
    assert.equal(matchCodeowners(parseCodeowners(text), 'modules/legacy/main.tf')!.line, 4);
  });

  it('an earlier specific rule loses to a later general one (order matters)', () => {
    const text = '/docs/ @eslint/website-team @eslint/eslint-team\n* @eslint/eslint-team\n';
    assert.deepEqual(owners(text, 'docs/index.md'), ['@eslint/eslint-team']);
  });

  it('anchoring: leading slash, middle slash, bare names at any depth, trailing slash for directories', () => {
    const text = ['/infra @a', 'envs/prod @b', 'secrets.tf @c', 'logs/ @d', 'k8s/*.yaml @e', 'docs/** @f', '**/charts @g'].join('\n');
    const cases: [string, string[]][] = [
      ['infra/main.tf', ['@a']],
      ['x/infra/main.tf', []],
      ['envs/prod/main.tf', ['@b']],
      ['x/envs/prod/main.tf', []],
      ['secrets.tf', ['@c']],
      ['a/b/secrets.tf', ['@c']],
      ['logs', []],
      ['app/logs/x.txt', ['@d']],
      ['k8s/pod.yaml', ['@e']],
      ['k8s/sub/pod.yaml', []],
      ['docs/a/b/c.md', ['@f']],
      ['docs', []],
      ['a/b/charts/x/values.yaml', ['@g']],
    ];
    for (const [file, expected] of cases) assert.deepEqual(owners(text, file), expected, file);
  });

  it('comments, inline comments, escaped # and spaces, tabs and runs of blanks', () => {
    const text = ['# header', '\\#notes.md\t\t@a   # inline', 'my\\ file.tf @b', '*.yml @c#not-an-owner', '  # indented comment'].join('\n');
    const parsed = parseCodeowners(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.rules.map((r) => [r.pattern, r.owners, r.line]), [
      ['\\#notes.md', ['@a'], 2],
      ['my\\ file.tf', ['@b'], 3],
      ['*.yml', ['@c'], 4],
    ]);
    assert.deepEqual(ownersOf(parsed, '#notes.md'), ['@a']);
    assert.deepEqual(ownersOf(parsed, 'my file.tf'), ['@b']);
  });

  it('no negation and no character ranges; invalid lines are skipped and reported', () => {
    const text = ['* @all', '!*.md @nobody', '[ab].tf @brackets', 'x.tf not-an-owner', '@lone @owners', 'a***b @x', 'ok.tf user@example.com'].join('\n');
    const parsed = parseCodeowners(text);
    assert.deepEqual(parsed.errors, [
      { line: 2, message: 'negation ("!*.md") is not supported in CODEOWNERS' },
      { line: 4, message: 'invalid owner "not-an-owner"' },
      { line: 5, message: 'the line has owners but no file pattern' },
      { line: 6, message: 'invalid pattern "a***b": three consecutive asterisks' },
    ]);
    assert.deepEqual(ownersOf(parsed, 'README.md'), ['@all']);
    assert.deepEqual(ownersOf(parsed, '[ab].tf'), ['@brackets']);
    assert.deepEqual(ownersOf(parsed, 'a.tf'), ['@all']);
    assert.deepEqual(ownersOf(parsed, 'ok.tf'), ['user@example.com']);
  });

  it('no CODEOWNERS, or no matching rule, gives no owners; paths are case-sensitive', () => {
    assert.deepEqual(ownersOf(null, 'main.tf'), []);
    assert.deepEqual(owners('/infra/ @a\n', 'main.tf'), []);
    assert.deepEqual(owners('/Infra/ @a\n', 'infra/main.tf'), []);
    assert.deepEqual(owners('* @a\r\n*.tf @b\r\n', 'x.tf'), ['@b']);
  });

  describe('../shared/formats/git/codeowners', function () {
    before(function () {
      if (!fs.existsSync(SHARED)) {
        console.log(`      (skipped: ${SHARED} not present)`);
        this.skip();
      }
    });

    it("hmarr/codeowners' pattern truth table, case by case", () => {
      const table = JSON.parse(fs.readFileSync(path.join(SHARED, 'hmarr-codeowners--patterns.json'), 'utf8')) as { name: string; pattern: string; paths: Record<string, boolean> }[];
      let checked = 0;
      const failures: string[] = [];
      for (const row of table) {
        const parsed = parseCodeowners(`${row.pattern} @owner\n`);
        assert.deepEqual(parsed.errors, [], row.name);
        for (const [file, expected] of Object.entries(row.paths)) {
          checked++;
          const actual = matchCodeowners(parsed, file) !== null;
          if (actual !== expected) failures.push(`${row.name}: "${row.pattern}" on "${file}" should be ${expected}`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(checked > 150, `${checked} cases`);
    });

    it("GitHub's documented example", () => {
      const parsed = parseCodeowners(fs.readFileSync(path.join(SHARED, 'github-docs-example.CODEOWNERS'), 'utf8'));
      assert.deepEqual(parsed.errors, []);
      const cases: [string, string[]][] = [
        ['README.md', ['@global-owner1', '@global-owner2']],
        ['src/app.js', ['@js-owner']],
        ['main.go', ['docs@example.com']],
        ['notes.txt', ['@octo-org/octocats']],
        ['build/logs/today.log', ['@octocat']], // **/logs comes later and wins over /build/logs/
        ['docs/getting-started.md', ['@doctocat']],
        ['docs/build-app/troubleshooting.md', ['@doctocat']],
        ['x/apps/y.md', ['@octocat']],
        ['scripts/deploy.sh', ['@doctocat', '@octocat']],
        ['deeply/nested/logs/x', ['@octocat']],
        ['apps/web/index.html', ['@octocat']],
        ['apps/github/index.html', ['@doctocat']],
      ];
      for (const [file, expected] of cases) assert.deepEqual(ownersOf(parsed, file), expected, file);
    });

    it('real files parse without errors (and the invalid one reports its line)', () => {
      const dir = path.join(SHARED, 'real');
      for (const name of fs.readdirSync(dir)) {
        const parsed = parseCodeowners(fs.readFileSync(path.join(dir, name), 'utf8'));
        if (name.includes('INVALID')) {
          assert.deepEqual(parsed.errors.map((e) => e.message), ['the line has owners but no file pattern'], name);
          assert.equal(parsed.rules.length, 0);
        } else {
          assert.deepEqual(parsed.errors, [], name);
          assert.ok(parsed.rules.length > 0, name);
        }
      }
      const terrascan = parseCodeowners(fs.readFileSync(path.join(dir, 'terrascan.CODEOWNERS'), 'utf8'));
      assert.ok(ownersOf(terrascan, 'pkg/policies/opa/rego/aws/x.rego').length > 0);
      const azure = parseCodeowners(fs.readFileSync(path.join(dir, 'azure-terraform.CODEOWNERS'), 'utf8'));
      assert.deepEqual(ownersOf(azure, 'main.tf'), [], 'no default owner');
      const eslint = parseCodeowners(fs.readFileSync(path.join(dir, 'eslint.CODEOWNERS'), 'utf8'));
      assert.deepEqual(ownersOf(eslint, 'docs/src/index.md'), ownersOf(eslint, 'lib/x.js'));
    });
  });
});
