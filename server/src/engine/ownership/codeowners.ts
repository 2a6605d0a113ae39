/**
 * CODEOWNERS: parsing and matching with GitHub's rules.
 *
 * - The file GitHub uses is the first of `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`.
 * - One rule per line: a pattern, then owners (`@user`, `@org/team`, an email), separated by runs of
 *   spaces or tabs. `#` starts a comment, also after the owners; `\#` is a literal `#` in a pattern,
 *   and `\ ` a literal space.
 * - The LAST matching rule wins, even one with no owners (that is how a subpath is un-owned).
 * - Patterns are gitignore-like: `*` and `?` stay within a path segment, `**` spans segments, a
 *   leading `/` anchors at the root, a pattern with a `/` in the middle is anchored too, a trailing
 *   `/` matches only inside a directory, a bare name matches a file or directory at any depth.
 *   Not supported (as on GitHub): `!` negation and `[ ]` ranges (brackets are literal characters).
 * - An invalid line is skipped and reported, as GitHub does; the rest of the file still applies.
 *
 * Matching follows hmarr/codeowners (the de-facto reference implementation; its pattern truth table
 * is a unit test here).
 */

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeownersRule {
  /** The pattern as written (escapes included). */
  pattern: string;
  owners: string[];
  /** 1-based line in the CODEOWNERS file. */
  line: number;
  matches(path: string): boolean;
}

export interface CodeownersError {
  line: number;
  message: string;
}

export interface Codeowners {
  rules: CodeownersRule[];
  errors: CodeownersError[];
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const TEAM = /^@[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/;
const USER = /^@[A-Za-z0-9_-]+$/;

export function isValidOwner(owner: string): boolean {
  return USER.test(owner) || TEAM.test(owner) || EMAIL.test(owner);
}

export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const errors: CodeownersError[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const tokens = tokenize(line);
    if (!tokens.length) continue;
    const [pattern, ...owners] = tokens;
    const problem = patternProblem(pattern) ?? owners.map((o) => (isValidOwner(o) ? undefined : `invalid owner "${o}"`)).find(Boolean);
    if (problem) {
      errors.push({ line: lineNo, message: problem });
      continue;
    }
    const matcher = compilePattern(pattern);
    rules.push({ pattern, owners, line: lineNo, matches: matcher });
  }
  return { rules, errors };
}

/** Owners of `path` (relative to the repository root, POSIX) by the last matching rule, or null when no rule matches. */
export function matchCodeowners(codeowners: Codeowners, path: string): CodeownersRule | null {
  const normalized = path.replace(/^\.?\/+/, '');
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    if (codeowners.rules[i].matches(normalized)) return codeowners.rules[i];
  }
  return null;
}

export function ownersOf(codeowners: Codeowners | null, path: string): string[] {
  if (!codeowners) return [];
  return [...(matchCodeowners(codeowners, path)?.owners ?? [])];
}

/** Splits on unescaped blanks and stops at an unescaped `#`. Escapes stay in the pattern. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      current += ch + line[i + 1];
      i++;
      continue;
    }
    if (ch === '#') break;
    if (ch === ' ' || ch === '\t') {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return `negation ("${pattern}") is not supported in CODEOWNERS`;
  if (pattern.includes('***')) return `invalid pattern "${pattern}": three consecutive asterisks`;
  // A line of owners only (seen in the wild): the "pattern" is an owner.
  if (pattern.startsWith('@') && isValidOwner(pattern)) return `the line has owners but no file pattern`;
  return undefined;
}

function compilePattern(pattern: string): (path: string) => boolean {
  if (pattern === '/') return () => false;
  // A plain anchored path: a prefix test is exact and much faster than a regex.
  if (pattern.startsWith('/') && !/[*?\\]/.test(pattern)) {
    const prefix = pattern.slice(1);
    if (prefix.endsWith('/')) return (path) => path.startsWith(prefix);
    return (path) => path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47 /* / */);
  }
  const regex = new RegExp(patternRegex(pattern));
  return (path) => regex.test(path);
}

function patternRegex(pattern: string): string {
  let segments = pattern.split('/');
  if (segments[0] === '') {
    segments = segments.slice(1); // leading slash: anchored at the root
  } else if (segments.length === 1 || (segments.length === 2 && segments[1] === '')) {
    // A single segment matches at any depth, as if it started with `**/`.
    if (segments[0] !== '**') segments = ['**', ...segments];
  }
  if (segments.length > 1 && segments[segments.length - 1] === '') segments[segments.length - 1] = '**';

  const last = segments.length - 1;
  let needSlash = false;
  let re = '^';
  segments.forEach((segment, i) => {
    if (segment === '**') {
      if (i === 0 && i === last) re += '.+';
      else if (i === 0) {
        re += '(?:.+/)?';
        needSlash = false;
      } else if (i === last) re += '/.*';
      else {
        re += '(?:/.+)?';
        needSlash = true;
      }
      return;
    }
    if (segment === '*') {
      if (needSlash) re += '/';
      re += '[^/]+';
      needSlash = true;
      return;
    }
    if (needSlash) re += '/';
    let escaped = false;
    for (const ch of segment) {
      if (escaped) {
        escaped = false;
        re += escapeRegex(ch);
        continue;
      }
      if (ch === '\\') escaped = true;
      else if (ch === '*') re += '[^/]*';
      else if (ch === '?') re += '[^/]';
      else re += escapeRegex(ch);
    }
    // No trailing slash (that became `**`): the pattern also matches everything below it.
    if (i === last) re += '(?:/.*)?';
    needSlash = true;
  });
  return re + '$';
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}
