/**
 * Reuse of policy checks between two evaluations of the same scope (a Terraform module, a
 * Kubernetes file) while a user types: a check on an entity whose source did not change, whose
 * surroundings did not change, and whose inputs did not change, would report the same findings
 * (checks are pure, see core/policy.ts), only moved to where that source now is.
 *
 * What a check's findings can depend on, and how each is covered:
 * - The entity's own model. It is built from the entity's source region (adapter-defined: the
 *   text between the neighbouring entities, so surrounding comments and separators count too)
 *   and from the scope's context (variables, locals, module calls, tfvars, the resource types
 *   declared, and the file's indentation style and line endings that fix edits are written in).
 *   The adapter gives both (ScopeSnapshot); a different context reuses nothing, a changed region
 *   reuses nothing of that entity. Regions with syntax errors are never reused: how a parser
 *   recovers may depend on text outside them.
 * - Other entities, through `ctx.resources(type)` and `ctx.referencing(target, type, ...)`. Each
 *   check's calls are recorded; a check is reused only if every type it asked about (and the
 *   type of every target it passed) has exactly the same entities, all unchanged, as before.
 *   `ctx.resources()` without a type depends on every entity.
 * - Positions: findings and fix edits are moved through each file's TextDiff; a range that
 *   touches the changed text cannot be moved and the check runs again.
 * A check that threw is not recorded, so it runs (and reports its error) again.
 */
import type { Resource } from '../core/model';
import type { Finding, Policy, TextEdit } from '../core/policy';
import { textDiff, type TextDiff } from './text-diff';

/** What the adapter says about a scope, for one evaluation. */
export interface ScopeSnapshot {
  /** Everything the entities' models depend on besides their own regions, as one string. */
  context: string;
  /** The text of every file the scope was built from. */
  texts: ReadonlyMap<string, string>;
  /** The [start, end) offsets of the entity's file that its model is built from; undefined: not reusable. */
  regionOf(resource: Resource): readonly [number, number] | undefined;
}

/** Asked by runPolicies for every (entity, policy) pair. */
export interface CheckReuse {
  /** The earlier run's findings of this check, moved to where they are now; undefined: run it. */
  earlier(resource: Resource, policy: Policy): Finding[] | undefined;
  /** A check ran: what it reported (before de-duplication) and what it read besides its entity. */
  ran(resource: Resource, policy: Policy, reports: Finding[], dependencies: CheckDependencies): void;
}

/** Types asked about through ctx.resources / ctx.referencing; `all` for ctx.resources(). */
export interface CheckDependencies {
  types: ReadonlySet<string>;
  all: boolean;
}

interface CheckRecord {
  reports: Finding[];
  dependencies: CheckDependencies;
}

interface EntityRecord {
  resource: Resource;
  region: readonly [number, number];
  checks: Map<Policy, CheckRecord>;
}

/** Two entities that name the same thing (their regions are compared separately). */
function sameEntity(a: Resource, b: Resource): boolean {
  return a.file === b.file && a.address === b.address && a.type === b.type && a.kind === b.kind && a.format === b.format;
}

interface Run {
  context: string;
  texts: ReadonlyMap<string, string>;
  policies: readonly Policy[];
  entities: Map<Resource, EntityRecord>;
  /** Entities per type, in scope order (reusable ones and not), to tell whether a type is unchanged. */
  typeCounts: Map<string, number>;
}

/** Keeps the last run of one scope. */
export class ScopeCheckCache {
  private last: Run | undefined;
  /** Statistics of the last run, for benchmarks and tests. */
  stats = { reused: 0, ran: 0 };

  /**
   * Starts a run over `resources` (the scope's entities in order) with `policies`. Call
   * `finish()` afterwards, or the run is not remembered.
   */
  begin(snapshot: ScopeSnapshot, resources: readonly Resource[], policies: readonly Policy[]): CheckReuse & { finish(): void } {
    const previous = this.last;
    const comparable = previous !== undefined && previous.context === snapshot.context && previous.policies === policies;
    const diffs = new Map<string, TextDiff>();
    const diffOf = (file: string): TextDiff | undefined => {
      let diff = diffs.get(file);
      if (!diff) {
        const before = previous?.texts.get(file);
        const after = snapshot.texts.get(file);
        if (before === undefined || after === undefined) return undefined;
        diffs.set(file, (diff = textDiff(before, after)));
      }
      return diff;
    };

    // Match the earlier run's entities to this run's, by where their unchanged regions are now.
    const earlierByStart = new Map<string, Map<number, EntityRecord>>();
    if (comparable) {
      for (const record of previous.entities.values()) {
        const file = record.resource.file;
        const diff = diffOf(file);
        if (!diff || !diff.isClean(record.region[0], record.region[1])) continue;
        let byStart = earlierByStart.get(file);
        if (!byStart) earlierByStart.set(file, (byStart = new Map()));
        byStart.set(diff.mapOffset(record.region[0]), record);
      }
    }
    const entities = new Map<Resource, EntityRecord>();
    const matched = new Map<Resource, EntityRecord>();
    const typeCounts = new Map<string, number>();
    const changedTypes = new Set<string>();
    for (const resource of resources) {
      typeCounts.set(resource.type, (typeCounts.get(resource.type) ?? 0) + 1);
      const region = snapshot.regionOf(resource);
      if (!region) {
        changedTypes.add(resource.type);
        continue;
      }
      entities.set(resource, { resource, region, checks: new Map() });
      const byStart = earlierByStart.get(resource.file);
      const earlier = byStart?.get(region[0]);
      if (
        earlier &&
        sameEntity(earlier.resource, resource) &&
        diffOf(resource.file)!.mapOffset(earlier.region[1]) === region[1]
      ) {
        matched.set(resource, earlier);
        byStart!.delete(region[0]);
      } else changedTypes.add(resource.type);
    }
    if (comparable) {
      // A type lost or gained entities.
      for (const [type, count] of previous.typeCounts) if (typeCounts.get(type) !== count) changedTypes.add(type);
      for (const type of typeCounts.keys()) if (!previous.typeCounts.has(type)) changedTypes.add(type);
    }
    const unchanged = (dependencies: CheckDependencies) => {
      if (dependencies.all) return changedTypes.size === 0;
      for (const type of dependencies.types) if (changedTypes.has(type)) return false;
      return true;
    };

    const moveEdit = (edit: TextEdit): TextEdit | undefined => {
      const range = diffOf(edit.file)?.mapRange(edit.range);
      return range && (range === edit.range ? edit : { ...edit, range });
    };
    const move = (finding: Finding): Finding | undefined => {
      const range = diffOf(finding.file)?.mapRange(finding.range);
      if (!range) return undefined;
      let fix = finding.fix;
      if (fix) {
        let edits: TextEdit[] | undefined;
        for (let i = 0; i < fix.edits.length; i++) {
          const edit = fix.edits[i];
          const moved = moveEdit(edit);
          if (!moved) return undefined;
          if (moved !== edit) (edits ??= fix.edits.slice(0, i)).push(moved);
          else edits?.push(edit);
        }
        if (edits) fix = { ...fix, edits };
      }
      return range === finding.range && fix === finding.fix ? finding : { ...finding, range, fix };
    };

    const stats = { reused: 0, ran: 0 };
    return {
      earlier: (resource, policy) => {
        const earlier = matched.get(resource)?.checks.get(policy);
        if (!earlier || !unchanged(earlier.dependencies)) return undefined;
        let reports = earlier.reports;
        for (let i = 0; i < earlier.reports.length; i++) {
          const finding = earlier.reports[i];
          const moved = move(finding);
          if (!moved) return undefined;
          if (moved !== finding) {
            if (reports === earlier.reports) reports = earlier.reports.slice(0, i);
            reports.push(moved);
          } else if (reports !== earlier.reports) reports.push(finding);
        }
        entities.get(resource)!.checks.set(policy, reports === earlier.reports ? earlier : { reports, dependencies: earlier.dependencies });
        stats.reused++;
        return reports;
      },
      ran: (resource, policy, reports, dependencies) => {
        stats.ran++;
        entities.get(resource)?.checks.set(policy, { reports, dependencies });
      },
      finish: () => {
        this.last = { context: snapshot.context, texts: snapshot.texts, policies, entities, typeCounts };
        this.stats = stats;
      },
    };
  }

  clear(): void {
    this.last = undefined;
  }
}
