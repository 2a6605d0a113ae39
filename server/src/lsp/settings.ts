/**
 * The `iacAudit.*` settings as the server uses them: defaults, and a tolerant normaliser (settings
 * come from users' JSON and from other editors' Lua/TOML, so every field is checked, never trusted).
 * The manifest (package.json `contributes.configuration`) documents the same names.
 */
import { SEVERITIES, type Severity } from '../engine/core/policy';
import { DEFAULT_EXPIRY_WARNING_DAYS } from '../engine/suppressions/policies';

export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';
const LEVELS: readonly DiagnosticLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface PolicySetting {
  enabled?: boolean;
  /** Replaces the policy's own severity (affects mapping, threshold, counts and reports). */
  severity?: Severity;
}

export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  /** Per-document debounce of validation after a change; 0 validates at once. */
  debounceMs: number;
  /** Findings below this policy severity are not shown. */
  severityThreshold: Severity;
  policies: Record<string, PolicySetting>;
  severityMapping: Record<Severity, DiagnosticLevel>;
  /** Globs (relative to the workspace folder) of files never audited. */
  exclude: string[];
  maxFileSize: number;
  /** Folders with custom policy modules; loaded only in a trusted workspace. */
  extraPolicyFolders: string[];
  codeLens: { enabled: boolean };
  /** `expiryWarningDays`: the IAC-SUPPRESS-004 window (days before a suppression's expiry; 0 = off). */
  suppressions: { expiryWarningDays: number };
  /** Git blame + CODEOWNERS in hovers (trusted workspaces only; git runs lazily, on hover or request). */
  ownership: { enabled: boolean; showUncommitted: boolean; decorations: boolean };
  /** The audit log of fixes and suppressions applied from the editor; `path` relative to the folder. */
  auditLog: { enabled: boolean; path: string };
  /** Drift view: a state or plan JSON relative to the folder (`terraform.tfstate`, `plan.json`); '' = off. */
  drift: { stateFile: string };
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  debounceMs: 100,
  severityThreshold: 'info',
  policies: {},
  severityMapping: { critical: 'error', high: 'error', medium: 'warning', low: 'information', info: 'hint' },
  exclude: [],
  maxFileSize: 2 * 1024 * 1024,
  extraPolicyFolders: [],
  codeLens: { enabled: true },
  suppressions: { expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS },
  ownership: { enabled: true, showUncommitted: true, decorations: false },
  auditLog: { enabled: true, path: '.iac-audit/audit-log.jsonl' },
  drift: { stateFile: '' },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : undefined;
}

/** Accepts `{ enable: ... }` as well as dotted keys (`"codeLens.enabled": false`) from flat configs. */
export function normalizeSettings(raw: unknown): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  if (!isRecord(raw)) return s;
  const get = (key: string): unknown => {
    if (key in raw) return raw[key];
    const [head, tail] = key.split('.');
    return tail && isRecord(raw[head]) ? (raw[head] as Record<string, unknown>)[tail] : undefined;
  };
  const enable = get('enable');
  if (typeof enable === 'boolean') s.enable = enable;
  const run = get('run');
  if (run === 'onType' || run === 'onSave') s.run = run;
  const debounce = get('debounceMs');
  if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) s.debounceMs = Math.min(debounce, 10_000);
  const threshold = get('severityThreshold');
  if (isSeverity(threshold)) s.severityThreshold = threshold;
  const policies = get('policies');
  if (isRecord(policies)) {
    for (const [id, value] of Object.entries(policies)) {
      if (typeof value === 'boolean') s.policies[id] = { enabled: value };
      else if (value === 'off') s.policies[id] = { enabled: false };
      else if (isSeverity(value)) s.policies[id] = { severity: value };
      else if (isRecord(value)) {
        const setting: PolicySetting = {};
        if (typeof value.enabled === 'boolean') setting.enabled = value.enabled;
        if (isSeverity(value.severity)) setting.severity = value.severity;
        s.policies[id] = setting;
      }
    }
  }
  const mapping = get('severityMapping');
  if (isRecord(mapping)) {
    for (const severity of SEVERITIES) {
      const level = mapping[severity];
      if (typeof level === 'string' && (LEVELS as readonly string[]).includes(level)) s.severityMapping[severity] = level as DiagnosticLevel;
    }
  }
  const exclude = stringList(get('exclude'));
  if (exclude) s.exclude = exclude;
  const maxFileSize = get('maxFileSize');
  if (typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize > 0) s.maxFileSize = maxFileSize;
  const folders = stringList(get('extraPolicyFolders'));
  if (folders) s.extraPolicyFolders = folders;
  const lens = get('codeLens.enabled');
  if (typeof lens === 'boolean') s.codeLens.enabled = lens;
  const expiryWarningDays = get('suppressions.expiryWarningDays');
  // Whole days; a fraction (from a hand-edited file) is rounded down rather than ignored.
  if (typeof expiryWarningDays === 'number' && Number.isFinite(expiryWarningDays) && expiryWarningDays >= 0) {
    s.suppressions.expiryWarningDays = Math.floor(expiryWarningDays);
  }
  for (const key of ['enabled', 'showUncommitted', 'decorations'] as const) {
    const value = get(`ownership.${key}`);
    if (typeof value === 'boolean') s.ownership[key] = value;
  }
  const stateFile = get('drift.stateFile');
  if (typeof stateFile === 'string') s.drift.stateFile = stateFile.trim();
  const logEnabled = get('auditLog.enabled');
  if (typeof logEnabled === 'boolean') s.auditLog.enabled = logEnabled;
  const logPath = get('auditLog.path');
  if (typeof logPath === 'string' && logPath.trim() !== '') s.auditLog.path = logPath.trim();
  return s;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}
