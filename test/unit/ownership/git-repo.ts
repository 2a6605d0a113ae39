/**
 * Temporary git repositories with commits by named authors at fixed dates, for the git runner's
 * tests and the accountability integration tests. Git runs with an empty HOME and no system
 * config, so the developer's own git settings cannot change the results.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Author {
  name: string;
  email: string;
}

export const ADA: Author = { name: 'Ada Lovelace', email: 'ada@example.com' };
export const GRACE: Author = { name: 'Grace Hopper', email: 'grace@example.com' };
export const LOCAL: Author = { name: 'Local Dev', email: 'local@example.com' };

export function gitAvailable(): boolean {
  return spawnSync('git', ['--version'], { stdio: 'ignore' }).status === 0;
}

export class TempRepo {
  readonly dir: string;
  readonly home: string;

  constructor(prefix = 'iac-audit-git-') {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-home-'));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', LOCAL.name);
    this.git('config', 'user.email', LOCAL.email);
    this.git('config', 'commit.gpgsign', 'false');
  }

  /** Environment for any git process that must not see the developer's config. */
  get env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: this.home, XDG_CONFIG_HOME: this.home, GIT_CONFIG_NOSYSTEM: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('GIT_') && key !== 'GIT_CONFIG_NOSYSTEM') delete env[key];
    return env;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8' });
  }

  write(file: string, text: string): string {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return full;
  }

  /** Commits everything as `author` at `date` (ISO 8601); returns the full hash. */
  commit(author: Author, date: string, message: string): string {
    this.git('add', '-A');
    execFileSync('git', ['commit', '-q', '-m', message], {
      cwd: this.dir,
      env: {
        ...this.env,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: date,
      },
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
