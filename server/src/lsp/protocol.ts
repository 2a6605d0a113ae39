/**
 * The custom part of the protocol between the IaC Audit server and its clients: method names,
 * command ids and payloads. Shared by the server and the VS Code client (bundled into both), so
 * a rename is a compile error rather than a silent mismatch. No imports: this file must stay
 * free of `vscode` and of the engine.
 */

/** Server -> client notification: indexing progress and workspace counts for the status bar. */
export const STATUS_NOTIFICATION = 'iacAudit/status';

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

export interface StatusParams {
  /** True while the background index or a workspace scan is running. */
  indexing: boolean;
  /** Files evaluated by the current indexing pass, and how many it will evaluate. */
  done: number;
  total: number;
  /** Visible (not suppressed, above the threshold) findings in every file the server knows. */
  counts: SeverityCounts;
  /** Files with at least one visible finding. */
  files: number;
}

/** Client -> server notification: the workspace trust changed (VS Code grants trust at runtime). */
export const TRUST_NOTIFICATION = 'iacAudit/trustChanged';
export interface TrustParams {
  trusted: boolean;
}

/** What the client passes in `initializationOptions`. Every field is optional. */
export interface InitializationOptions {
  /** Workspace Trust; absent means trusted (a user who starts the server by hand trusts it). */
  trusted?: boolean;
  /**
   * Client-side commands the client implements (see CLIENT_COMMANDS). Without them the server
   * offers plain-edit alternatives, so editors other than VS Code still get every action.
   */
  clientCommands?: string[];
  /** Settings for clients without `workspace/configuration` (same shape as `iacAudit.*`). */
  settings?: unknown;
  /** Skip the background indexing of workspace files (tests, very large monorepos). */
  indexWorkspace?: boolean;
}

/** Commands the server executes (`workspace/executeCommand`). */
export const SERVER_COMMANDS = {
  /** [uri: string, version?: number] applies every safe fix in the file. */
  fixAll: 'iacAudit.server.fixAll',
  /** [] re-reads and evaluates every IaC file of the workspace; returns ScanSummary. */
  scanWorkspace: 'iacAudit.server.scanWorkspace',
  /** [SuppressionRequest] inserts a suppression comment with the given reason. */
  applySuppression: 'iacAudit.server.applySuppression',
  /** [policyId: string] opens the policy's documentation (window/showDocument). */
  showDocumentation: 'iacAudit.server.showDocumentation',
  /** [uri: string, line: number] reveals the first finding at a resource (code lens fallback). */
  showFindings: 'iacAudit.server.showFindings',
  /** [FixRecordRequest] appends `fix.applied` to the folder's audit log (a quick fix's follow-up command). */
  recordFix: 'iacAudit.server.recordFix',
  /** [] visible findings grouped by owner (git blame; trusted workspaces only): OwnerGroup[]. */
  findingsByOwner: 'iacAudit.server.findingsByOwner',
  /** [] every suppression the server knows, with who added it and when: LedgerItem[]. */
  suppressionLedger: 'iacAudit.server.suppressionLedger',
  /** [folderUri?: string] verifies the folder's audit log: AuditLogVerification. */
  verifyAuditLog: 'iacAudit.server.verifyAuditLog',
  /** [uri: string] owners of the lines with findings, for end-of-line decorations: LineOwner[]. */
  documentOwners: 'iacAudit.server.documentOwners',
  /** [] drift of each folder's code against its `iacAudit.drift.stateFile` (read, never run): DriftFolderReport[]. */
  drift: 'iacAudit.server.drift',
} as const;

/** Commands the VS Code client implements; the server references them in code actions/lenses. */
export const CLIENT_COMMANDS = {
  /** [SuppressionRequest without reason] asks for a reason and expiry, then runs applySuppression. */
  suppressWithReason: 'iacAudit.suppressWithReason',
  /** [uri: string, position: {line, character}, locations: {uri, range}[]] peeks the findings. */
  showFindings: 'iacAudit.showFindings',
} as const;

export interface SuppressionRequest {
  uri: string;
  /** The document version the request was made for; the edit is refused if it moved on. */
  version: number | null;
  policyId: string;
  /** The finding's resource address and range start (0-based line), to find where the comment goes. */
  resource: string;
  line: number;
  reason?: string;
  /** YYYY-MM-DD */
  expires?: string;
}

export interface ScanSummary {
  files: number;
  findings: number;
  counts: SeverityCounts;
}

/** `Diagnostic.data` of a policy finding: everything a code action needs, no side table. */
export interface FindingData {
  policyId: string;
  resource: string;
  /** The version of the document the diagnostic (and its fix edits) were computed for. */
  documentVersion: number | null;
  fix?: {
    description: string;
    safe: boolean;
    edits: { uri: string; range: LspRange; newText: string }[];
  };
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export const DIAGNOSTIC_SOURCE = 'iac-audit';
export const SYNTAX_DIAGNOSTIC_SOURCE = 'iac-audit (syntax)';
export const FIX_ALL_KIND = 'source.fixAll.iacAudit';

// ------------------------------------------------------------------ accountability (ownership, ledger, audit log)

/** A finding's owner, as in the JSON report's `owner`. */
export interface OwnerInfo {
  author: string;
  email: string;
  commit: string | null;
  date: string | null;
  summary: string | null;
  uncommitted: boolean;
  codeowners: string[];
}

export interface OwnedFinding {
  policyId: string;
  severity: string;
  message: string;
  resource: string;
  range: LspRange;
}

/** "Findings by owner": owner -> file -> finding. */
export interface OwnerGroup {
  /** Email (lowercase) of a committed author, `uncommitted`, or '' for findings without an owner. */
  key: string;
  label: string;
  owner: OwnerInfo | null;
  files: { uri: string; path: string; findings: OwnedFinding[] }[];
}

export interface LedgerItem {
  uri: string;
  path: string;
  range: LspRange;
  policies: string[];
  resource: string | null;
  reason: string | null;
  expires: string | null;
  daysUntilExpiry: number | null;
  status: 'invalid' | 'expired' | 'stale' | 'expiring-soon' | 'active';
  suppressedCount: number;
  addedBy: { name: string; email: string } | null;
  addedAt: string | null;
  commit: string | null;
  uncommitted: boolean | null;
}

export interface AuditLogVerification {
  /** Absolute path of the log. */
  file: string;
  exists: boolean;
  /** Intact (a torn last line from a crash does not count as broken). */
  ok: boolean;
  entries: number;
  message: string;
  /** 1-based line of the first broken entry. */
  brokenLine?: number;
  /** 1-based line of an incomplete last line. */
  incompleteLine?: number;
  head: string | null;
}

export interface LineOwner {
  /** 0-based line. */
  line: number;
  /** Short text for the end of the line: `Ada Lovelace, 3 weeks ago`. */
  text: string;
  /** Longer text for its hover. */
  hover: string;
}

export interface FixRecordRequest {
  uri: string;
  /** SHA-256 of the document's text before and after the fix. */
  before: string;
  after: string;
  fixes: { policyId: string; resource: string; description: string }[];
}

// ------------------------------------------------------------------ drift (Terraform state / plan vs code)

export type DriftKindName = 'drifted' | 'changed' | 'missing-in-code' | 'missing-in-state' | 'planned';

export interface DriftItem {
  kind: DriftKindName;
  /** Instance address (`aws_instance.web[0]`). */
  address: string;
  type: string;
  /** The code location (absent for resources that are not in the code). */
  uri?: string;
  path?: string;
  range?: LspRange;
  attribute?: string;
  codeValue?: unknown;
  stateValue?: unknown;
  previousValue?: unknown;
  actions?: string[];
  message: string;
}

export interface DriftFolderReport {
  folderUri: string | null;
  folder: string;
  /** `iacAudit.drift.stateFile` as set ('' when off). */
  stateFile: string;
  /** off: no state file configured; error: unreadable or corrupt (see message); ok: compared. */
  status: 'off' | 'error' | 'ok';
  message: string;
  /** tfstate | state-json | plan-json when read. */
  source?: string;
  entries: DriftItem[];
}
