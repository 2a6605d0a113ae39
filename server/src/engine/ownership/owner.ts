/**
 * From blame lines to a finding's owner, and the words used to show it ("Introduced by Ada
 * Lovelace <ada@example.com>, 3 weeks ago, in a1b2c3d 'open SG for debugging'").
 */
import { isUncommitted } from './blame';
import type { BlameCommit, BlameLine, FindingOwner, Identity } from './types';

/** Shown for uncommitted lines when the local git identity is unknown (git's own words). */
export const NOT_COMMITTED_NAME = 'Not Committed Yet';
export const NOT_COMMITTED_EMAIL = 'not.committed.yet';

/**
 * The commit that last changed any of `lines`: an uncommitted line wins (it is the newest change
 * by definition), otherwise the latest committer time, then author time, then the hash (so the
 * choice is deterministic).
 */
export function latestCommit(lines: readonly BlameLine[]): BlameCommit | undefined {
  let best: BlameCommit | undefined;
  for (const { commit } of lines) {
    if (!best) {
      best = commit;
      continue;
    }
    if (isUncommitted(best)) break;
    if (isUncommitted(commit)) {
      best = commit;
      break;
    }
    if (
      commit.committerTime > best.committerTime ||
      (commit.committerTime === best.committerTime &&
        (commit.authorTime > best.authorTime || (commit.authorTime === best.authorTime && commit.sha > best.sha)))
    ) {
      best = commit;
    }
  }
  return best;
}

/**
 * The owner of lines: their latest commit's author, or, for uncommitted lines, whoever is editing
 * the working tree (`identity`: git's user.name/user.email), since that is who would commit them.
 */
export function ownerFromBlame(lines: readonly BlameLine[], codeowners: string[], identity: Identity | null): FindingOwner | null {
  const commit = latestCommit(lines);
  if (!commit) return null;
  if (isUncommitted(commit)) {
    return {
      author: identity?.name || NOT_COMMITTED_NAME,
      email: identity?.email || NOT_COMMITTED_EMAIL,
      commit: null,
      date: null,
      summary: null,
      uncommitted: true,
      codeowners,
    };
  }
  return {
    author: commit.author,
    email: commit.authorMail,
    commit: commit.sha,
    date: isoDate(commit.authorTime, commit.authorTz),
    summary: commit.summary,
    uncommitted: false,
    codeowners,
  };
}

/** `2005-04-07T15:14:13-07:00`: ISO 8601 in the author's own offset, as git shows the date. */
export function isoDate(epochSeconds: number, tz: string): string {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(tz);
  const sign = m?.[1] === '-' ? -1 : 1;
  const offsetMinutes = m ? sign * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date((epochSeconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  if (!m || offsetMinutes === 0) return `${local}${m ? '+00:00' : 'Z'}`;
  return `${local}${m[1]}${m[2]}:${m[3]}`;
}

/** "just now", "5 minutes ago", "3 weeks ago", "2 years ago" (like git's relative dates). */
export function relativeTime(dateIso: string, now: Date): string {
  const then = Date.parse(dateIso);
  if (Number.isNaN(then)) return dateIso;
  const seconds = Math.round((now.getTime() - then) / 1000);
  if (seconds < 0) return 'in the future';
  const units: [number, string][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [7, 'day'],
  ];
  let value = seconds;
  if (value < 45) return 'just now';
  for (const [size, name] of units) {
    if (value < size) return plural(value, name);
    value = Math.floor(value / size);
  }
  // value is in weeks now
  const days = Math.floor(seconds / 86_400);
  if (days < 31) return plural(Math.floor(days / 7), 'week');
  if (days < 365) return plural(Math.max(1, Math.floor(days / 30)), 'month');
  return plural(Math.floor(days / 365), 'year');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * One line for hovers and text reports:
 * `Introduced by Ada Lovelace <ada@example.com>, 3 weeks ago, in a1b2c3d 'open SG for debugging'`
 * or `Uncommitted change by Ada Lovelace <ada@example.com> (not reviewed yet)`.
 */
export function introducedBy(owner: FindingOwner, now: Date): string {
  const who = `${owner.author} <${owner.email}>`;
  if (owner.uncommitted || !owner.commit || !owner.date) return `Uncommitted change by ${who} (not committed, so not reviewed yet)`;
  return `Introduced by ${who}, ${relativeTime(owner.date, now)}, in ${shortSha(owner.commit)} '${owner.summary ?? ''}'`;
}

/** The key findings are grouped by: the author's email (case-insensitive), else the name. */
export function ownerKey(owner: FindingOwner | null | undefined): string {
  if (!owner) return '';
  if (owner.uncommitted) return 'uncommitted';
  return (owner.email || owner.author).toLowerCase();
}
