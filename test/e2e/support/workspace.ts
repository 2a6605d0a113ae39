/**
 * The e2e fixture workspace: a copy of test/e2e/fixtures/workspace in a temp folder, made a git
 * repository with two commits by two different authors (so ownership can be checked).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const FIXTURE_WORKSPACE = path.resolve(__dirname, '..', 'fixtures', 'workspace');

export const AUTHORS = {
  first: { name: 'Ada Lovelace', email: 'ada@example.com', date: '2026-10-01T09:00:00Z' },
  second: { name: 'Grace Hopper', email: 'grace@example.com', date: '2026-11-02T15:30:00Z' },
};

function git(cwd: string, args: string[], author?: { name: string; email: string; date: string }): string {
  const env = { ...process.env };
  if (author) {
    Object.assign(env, {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: author.date,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
      GIT_COMMITTER_DATE: author.date,
    });
  }
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

/**
 * Copies the fixture workspace and commits it in two steps. A file `X.first-commit` beside `X`
 * is what the first author committed as `X`; the second author then commits `X` as it is in the
 * fixture ("open SG for debugging"), so the lines that differ belong to the second author.
 */
export function createWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-e2e-'));
  fs.cpSync(FIXTURE_WORKSPACE, dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', AUTHORS.first.name]);
  git(dir, ['config', 'user.email', AUTHORS.first.email]);
  const laterVersions: { file: string; text: string }[] = [];
  for (const first of listFiles(dir).filter((f) => f.endsWith('.first-commit'))) {
    const file = first.slice(0, -'.first-commit'.length);
    laterVersions.push({ file, text: fs.readFileSync(file, 'utf8') });
    fs.renameSync(first, file);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Initial infrastructure'], AUTHORS.first);
  for (const { file, text } of laterVersions) fs.writeFileSync(file, text);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'open SG for debugging'], AUTHORS.second);
  return dir;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.git' ? [] : listFiles(abs);
    return [abs];
  });
}
