/**
 * --exclude GLOB: matched against paths relative to the current directory (POSIX). A pattern
 * without a slash matches a file or directory name anywhere (`*.tfvars`, `.terraform`); a pattern
 * with one matches from the current directory (`modules/legacy/**`). A directory that matches is
 * not walked into.
 */
import picomatch from 'picomatch';

export function excludeMatcher(patterns: string[]): ((path: string) => boolean) | undefined {
  if (!patterns.length) return undefined;
  const matchers = patterns.map((raw) => {
    const pattern = raw.replace(/^\.\//, '').replace(/\/+$/, '');
    return picomatch(pattern, { dot: true, basename: !pattern.includes('/') });
  });
  return (path: string) => {
    const p = path.replace(/^\.\//, '');
    return matchers.some((m) => m(p) || m(`${p}/`));
  };
}
