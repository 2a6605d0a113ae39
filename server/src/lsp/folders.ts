/**
 * One engine Project per workspace folder, each with that folder's settings (settings are
 * resource-scoped: two folders may enable different policies). Files outside every folder use a
 * fallback Project with the window's settings.
 */
import picomatch from 'picomatch';
import type { FileHost } from '../engine/core/host';
import type { Policy } from '../engine/core/policy';
import type { Resource } from '../engine/core/model';
import { Project, type ProjectOptions } from '../engine/project';
import type { PolicyErrorHandler } from '../engine/run-policies';
import { isUnder } from './paths';
import { DEFAULT_SETTINGS, type Settings } from './settings';

export interface FolderContext {
  /** The folder's URI as the client sent it; null for the fallback. */
  uri: string | null;
  /** Engine path of the folder; null for the fallback. */
  root: string | null;
  name: string;
  settings: Settings;
  /** The engine for open documents and their modules (keeps its caches). */
  project: Project;
  /**
   * A short-lived engine for files that are not open (background index, disk changes): it only
   * ever holds one directory's files, so indexing a large workspace does not keep every parse.
   */
  indexProject?: { dir: string; project: Project };
  options: ProjectOptions;
  /** Every policy of this folder after per-policy overrides (built-in + trusted custom ones). */
  policies: readonly Policy[];
  policyById: Map<string, Policy>;
  isExcluded(path: string): boolean;
  isPolicyEnabled(id: string): boolean;
}

export class Folders {
  private folders: FolderContext[] = [];
  readonly fallback: FolderContext;

  constructor(
    private readonly host: FileHost,
    private readonly basePolicies: () => readonly Policy[],
    private readonly onPolicyError: PolicyErrorHandler,
    private readonly onSlowPolicy: (policyId: string, ms: number, resource: Resource) => void = () => undefined,
  ) {
    this.fallback = this.create(null, null, 'no folder');
  }

  get all(): FolderContext[] {
    return [...this.folders, this.fallback];
  }

  get workspaceFolders(): FolderContext[] {
    return this.folders;
  }

  setFolders(list: { uri: string; path: string; name: string }[]): void {
    const previous = new Map(this.folders.map((f) => [f.uri, f]));
    this.folders = list.map((f) => previous.get(f.uri) ?? this.create(f.uri, f.path, f.name));
    // Deepest root first, so nested folders win in folderFor.
    this.folders.sort((a, b) => b.root!.length - a.root!.length);
  }

  folderFor(path: string): FolderContext {
    return this.folders.find((f) => isUnder(path, f.root!)) ?? this.fallback;
  }

  /** New settings and/or policies for a folder: the engine drops its evaluations, keeps its parses. */
  configure(folder: FolderContext, settings: Settings, extraPolicies: readonly Policy[]): void {
    folder.settings = settings;
    const policies = withOverrides([...this.basePolicies(), ...extraPolicies], settings).map((p) => timed(p, this.onSlowPolicy));
    folder.policies = policies;
    folder.policyById = new Map(policies.map((p) => [p.id, p]));
    const matchers = settings.exclude.map((glob) => picomatch(glob, { dot: true }));
    const root = folder.root;
    folder.isExcluded = (path: string) => {
      if (!matchers.length) return false;
      const relative = root && isUnder(path, root) ? path.slice(root.length + 1) : path;
      return matchers.some((m) => m(relative) || m(path));
    };
    folder.isPolicyEnabled = (id: string) => settings.policies[id]?.enabled !== false;
    const options = {
      policies,
      maxFileSize: settings.maxFileSize,
      suppressionExpiryWarningDays: settings.suppressions.expiryWarningDays,
      isPolicyEnabled: folder.isPolicyEnabled,
      isExcluded: folder.isExcluded,
    };
    folder.options = { ...folder.options, ...options };
    folder.project.updateOptions(options);
    folder.indexProject = undefined;
  }

  /** The engine to evaluate a file that is not open, in directory `dir`. */
  indexProjectFor(folder: FolderContext, dir: string): Project {
    if (folder.indexProject?.dir !== dir) folder.indexProject = { dir, project: new Project(this.host, folder.options) };
    return folder.indexProject.project;
  }

  private create(uri: string | null, root: string | null, name: string): FolderContext {
    const settings = structuredClone(DEFAULT_SETTINGS);
    const policies = this.basePolicies();
    const options: ProjectOptions = { policies, onPolicyError: this.onPolicyError };
    const folder: FolderContext = {
      options,
      uri,
      root,
      name,
      settings,
      policies,
      policyById: new Map(policies.map((p) => [p.id, p])),
      isExcluded: () => false,
      isPolicyEnabled: () => true,
      project: new Project(this.host, options),
    };
    return folder;
  }
}

/** A check slower than this on one resource is reported (once per policy) in the output channel. */
export const SLOW_CHECK_MS = 100;

/**
 * Checks are synchronous, so a slow one cannot be interrupted; it is measured and named instead,
 * so the user knows which policy to disable (`iacAudit.policies`).
 */
function timed(policy: Policy, onSlow: (policyId: string, ms: number, resource: Resource) => void): Policy {
  const check = policy.check;
  return {
    ...policy,
    check(resource, ctx) {
      const start = performance.now();
      try {
        check.call(policy, resource, ctx);
      } finally {
        const ms = performance.now() - start;
        if (ms > SLOW_CHECK_MS) onSlow(policy.id, ms, resource);
      }
    },
  };
}

/** Per-policy severity overrides become the policy's severity, so findings, counts and hovers agree. */
function withOverrides(policies: readonly Policy[], settings: Settings): Policy[] {
  return policies.map((policy) => {
    const severity = settings.policies[policy.id]?.severity;
    return severity && severity !== policy.severity ? { ...policy, severity } : policy;
  });
}
