/**
 * The language server's accountability features: owners in hovers, "Findings by owner", the
 * suppression ledger, end-of-line owner decorations, and the audit log of fixes and suppressions
 * applied from the editor.
 *
 * Git never runs on the keystroke path: only when a hover, a view or a decoration asks, and then
 * through the git runner's cache (per file and content). In an untrusted workspace no git process
 * is started at all (a repository's config can make git run programs): owners are simply unknown,
 * and the audit log's actor is the OS user.
 */
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { describeVerify, fixAppliedEvent, suppressionAddedEvent, verifyChain, type AuditEventInput } from '../engine/audit-log/index';
import type { AuditLog } from '../engine/audit-log/store';
import type { Finding } from '../engine/core/policy';
import { buildLedger } from '../engine/ledger/index';
import { introducedBy, NO_GIT, ownerKey, OwnershipResolver, relativeTime, type FindingOwner, type GitPort, type Located } from '../engine/ownership/index';
import type { SuppressionDirective } from '../engine/suppressions/contract';
import { AuditLogFile, nodeSha256, openAuditLog } from '../node/audit-log-file';
import { NodeGit, osIdentity } from '../node/git';
import { toLspRange } from './diagnostics';
import type { FolderContext } from './folders';
import { isUnder, isVirtualPath } from './paths';
import type { AuditLogVerification, FixRecordRequest, LedgerItem, LineOwner, OwnerGroup, OwnerInfo } from './protocol';
import type { FileRecord, Session } from './session';
import { todayUtc } from './hover-content';

declare const IAC_AUDIT_VERSION: string | undefined;
const VERSION = typeof IAC_AUDIT_VERSION === 'string' ? IAC_AUDIT_VERSION : '0.0.0-dev';

/**
 * Where the extension is installed (dist/server.js -> its parent). Logs never go there: the folder
 * is replaced on every update. Not applied when running from source (tests, development).
 */
const EXTENSION_ROOT = __filename.endsWith('.ts') ? undefined : path.resolve(__dirname, '..');

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export class Accountability {
  private nodeGit: NodeGit | undefined;
  private resolver: OwnershipResolver | undefined;
  private readonly logs = new Map<string, AuditLog>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly session: Session,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** git only in a trusted workspace; the runner is created on first use. */
  private get git(): GitPort {
    if (!this.session.trusted) return NO_GIT;
    return (this.nodeGit ??= new NodeGit());
  }

  private ownership(): OwnershipResolver | undefined {
    if (!this.session.trusted) return undefined;
    return (this.resolver ??= new OwnershipResolver(this.git));
  }

  private ownershipOn(record: FileRecord): boolean {
    return this.session.trusted && record.folder.settings.ownership.enabled && !isVirtualPath(record.path);
  }

  private textOf(file: string): string | undefined {
    return this.session.openDocumentFor(file)?.getText();
  }

  // ------------------------------------------------------------------ hover

  /** Markdown lines about who introduced a finding and who owns the file; [] when unknown or off. */
  async hoverLines(record: FileRecord, finding: Finding): Promise<string[]> {
    if (!this.ownershipOn(record)) return [];
    const owner = await this.ownership()!.ownerOf(finding, this.textOf(record.path));
    if (!owner) return [];
    const lines: string[] = [];
    if (owner.uncommitted) {
      if (record.folder.settings.ownership.showUncommitted) lines.push(`**${escapeMarkdown(introducedBy(owner, this.now()))}**`);
    } else {
      lines.push(escapeMarkdown(introducedBy(owner, this.now())));
    }
    if (owner.codeowners.length) lines.push(`Code owners: ${owner.codeowners.map(escapeMarkdown).join(', ')}`);
    return lines.length ? [lines.join('  \n')] : [];
  }

  /** For the hover of a suppression comment: who added it and when (blame of its first line). */
  async directiveHoverLines(record: FileRecord, directive: SuppressionDirective): Promise<string[]> {
    if (!this.ownershipOn(record)) return [];
    const line = { file: directive.file, range: { start: directive.range.start, end: directive.range.start } };
    const owner = await this.ownership()!.ownerOf(line, this.textOf(record.path));
    if (!owner) return [];
    if (owner.uncommitted) return [`Added by ${escapeMarkdown(`${owner.author} <${owner.email}>`)}: **not committed yet**.`];
    return [`Added by ${escapeMarkdown(`${owner.author} <${owner.email}>`)} on ${owner.date!.slice(0, 10)} (${relativeTime(owner.date!, this.now())}) in ${owner.commit!.slice(0, 7)} '${escapeMarkdown(owner.summary ?? '')}'.`];
  }

  // ------------------------------------------------------------------ views

  async findingsByOwner(): Promise<OwnerGroup[]> {
    await this.session.settingsLoading;
    const groups = new Map<string, OwnerGroup>();
    for (const record of [...this.session.records.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      if (!record.visible.length) continue;
      const owners = this.ownershipOn(record) ? await this.ownership()!.ownersOf(record.visible, (f) => this.textOf(f)) : new Map<Finding, FindingOwner | null>();
      for (const finding of record.visible) {
        const owner = owners.get(finding) ?? null;
        const key = ownerKey(owner);
        let group = groups.get(key);
        if (!group) {
          const label = !owner
            ? this.session.trusted
              ? 'No owner (not in a git repository)'
              : 'No owner (Restricted Mode: git does not run)'
            : owner.uncommitted
              ? 'Uncommitted changes'
              : `${owner.author} <${owner.email}>`;
          group = { key, label, owner: owner && toOwnerInfo(owner), files: [] };
          groups.set(key, group);
        }
        let file = group.files.find((f) => f.path === record.path);
        if (!file) {
          file = { uri: record.uri, path: record.path, findings: [] };
          group.files.push(file);
        }
        file.findings.push({ policyId: finding.policyId, severity: finding.severity, message: finding.message, resource: finding.resource, range: toLspRange(finding.range) });
      }
    }
    const rank = (g: OwnerGroup) => (g.key === '' ? 2 : g.key === 'uncommitted' ? 1 : 0);
    const size = (g: OwnerGroup) => g.files.reduce((n, f) => n + f.findings.length, 0);
    return [...groups.values()].sort((a, b) => rank(a) - rank(b) || size(b) - size(a) || (a.label < b.label ? -1 : 1));
  }

  async suppressionLedger(): Promise<LedgerItem[]> {
    await this.session.settingsLoading;
    const items: LedgerItem[] = [];
    for (const record of [...this.session.records.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const directives = record.evaluation.directives.filter((d) => d.file === record.path);
      if (!directives.length) continue;
      const lines = directives.map((d) => ({ file: d.file, range: { start: d.range.start, end: d.range.start } }));
      const found = this.ownershipOn(record) ? await this.ownership()!.ownersOf(lines, (f) => this.textOf(f)) : new Map<Located, FindingOwner | null>();
      const owners = new Map<SuppressionDirective, FindingOwner | null>(directives.map((d, i) => [d, found.get(lines[i]) ?? null]));
      const ledger = buildLedger({ directives, findings: record.evaluation.findings, today: todayUtc(), expiringWithinDays: record.folder.settings.suppressions.expiryWarningDays, owners });
      for (const e of ledger) {
        items.push({
          uri: record.uri,
          path: record.path,
          range: toLspRange(e.range),
          policies: e.policies,
          resource: e.resource,
          reason: e.reason,
          expires: e.expires,
          daysUntilExpiry: e.daysUntilExpiry,
          status: e.status,
          suppressedCount: e.suppressed.length,
          addedBy: e.addedBy,
          addedAt: e.addedAt,
          commit: e.commit,
          uncommitted: e.uncommitted,
        });
      }
    }
    return items;
  }

  /** Owners of the lines with visible findings (one per line: the first finding's). */
  async documentOwners(uri: string): Promise<LineOwner[]> {
    const record = await this.session.currentRecord(uri);
    if (!record || !this.ownershipOn(record) || !record.folder.settings.ownership.decorations) return [];
    const owners = await this.ownership()!.ownersOf(record.visible, (f) => this.textOf(f));
    const out = new Map<number, LineOwner>();
    for (const finding of record.visible) {
      const owner = owners.get(finding);
      const line = finding.range.start.line;
      if (!owner || out.has(line)) continue;
      if (owner.uncommitted && !record.folder.settings.ownership.showUncommitted) continue;
      const text = owner.uncommitted ? `uncommitted · ${owner.author}` : `${owner.author}, ${relativeTime(owner.date!, this.now())}`;
      const hover = owner.uncommitted
        ? introducedBy(owner, this.now())
        : `${introducedBy(owner, this.now())}${owner.codeowners.length ? ` · code owners ${owner.codeowners.join(', ')}` : ''}`;
      out.set(line, { line, text, hover });
    }
    return [...out.values()].sort((a, b) => a.line - b.line);
  }

  // ------------------------------------------------------------------ audit log

  /** The folder's audit log, or undefined when logging is off, the file has no folder, or the path is not allowed. */
  logFor(folder: FolderContext): AuditLog | undefined {
    if (!folder.settings.auditLog.enabled || !folder.root) return undefined;
    const file = this.logPath(folder);
    if (!file) return undefined;
    let log = this.logs.get(file);
    if (!log) {
      log = openAuditLog({ file, toolVersion: VERSION, actor: () => this.actor(folder) });
      this.logs.set(file, log);
    }
    return log;
  }

  private logPath(folder: FolderContext): string | undefined {
    if (!folder.root) return undefined;
    const file = path.resolve(folder.root, folder.settings.auditLog.path);
    const posix = file.split(path.sep).join('/');
    if (!this.session.trusted && !isUnder(posix, folder.root)) {
      this.warnOnce(`Restricted Mode: the audit log is written only inside the workspace folder, not to ${file} (iacAudit.auditLog.path).`);
      return undefined;
    }
    if (EXTENSION_ROOT && isUnder(posix, EXTENSION_ROOT.split(path.sep).join('/'))) {
      this.warnOnce(`iacAudit.auditLog.path resolves inside the extension folder (${file}), which is replaced on every update: the audit log is not written. Choose a path in the workspace.`);
      return undefined;
    }
    return file;
  }

  private async actor(folder: FolderContext): Promise<{ name: string; email: string | null }> {
    if (!this.session.trusted || !folder.root) return osIdentity();
    return (await this.git.identity(path.join(folder.root, '.iac-audit-actor'))) ?? osIdentity();
  }

  /** Whether a fix in this file would be recorded (code actions only add the follow-up command then). */
  logsFixes(record: FileRecord): boolean {
    return record.folder.root !== null && record.folder.settings.auditLog.enabled && !isVirtualPath(record.path);
  }

  async recordFix(request: FixRecordRequest): Promise<{ recorded: boolean }> {
    if (!request || typeof request.uri !== 'string' || !Array.isArray(request.fixes)) return { recorded: false };
    await this.session.settingsLoading;
    const file = this.session.pathOf(request.uri);
    const folder = this.session.folders.folderFor(file);
    const event = fixAppliedEvent({
      source: 'editor',
      file: this.relative(folder, file),
      before: String(request.before),
      after: String(request.after),
      fixes: request.fixes.map((f) => ({ policyId: String(f.policyId), resource: String(f.resource), description: String(f.description) })),
    });
    return { recorded: await this.record(folder, [event]) };
  }

  async recordSuppression(file: string, suppression: { line: number; resource: string | null; policyId: string; reason: string; expires: string | null }): Promise<boolean> {
    const folder = this.session.folders.folderFor(file);
    const event = suppressionAddedEvent('editor', {
      file: this.relative(folder, file),
      line: suppression.line,
      resource: suppression.resource,
      policies: [suppression.policyId],
      reason: suppression.reason,
      expires: suppression.expires,
      kind: 'iac-audit',
    });
    return this.record(folder, [event]);
  }

  private async record(folder: FolderContext, events: AuditEventInput[]): Promise<boolean> {
    const log = this.logFor(folder);
    if (!log) return false;
    try {
      await log.record(events);
      return true;
    } catch (error) {
      this.session.logError('Writing the audit log failed', error);
      void this.session.connection.window.showWarningMessage(`IaC Audit: the audit log could not be written: ${(error as Error).message}`);
      return false;
    }
  }

  async verify(folderUri?: string): Promise<AuditLogVerification> {
    await this.session.settingsLoading;
    const folders = this.session.folders.workspaceFolders;
    const folder = (folderUri ? folders.find((f) => f.uri === folderUri) : undefined) ?? folders[0];
    if (!folder) return { file: '', exists: false, ok: false, entries: 0, message: 'No workspace folder is open.', head: null };
    const file = path.resolve(folder.root!, folder.settings.auditLog.path);
    const bytes = await new AuditLogFile(file).read().catch(() => null);
    if (!bytes) return { file, exists: false, ok: false, entries: 0, message: `No audit log at ${file} yet.`, head: null };
    const result = verifyChain(bytes, nodeSha256);
    return {
      file,
      exists: true,
      ok: result.ok,
      entries: result.entries,
      message: describeVerify(result),
      ...(result.broken ? { brokenLine: result.broken.line } : {}),
      ...(result.incomplete ? { incompleteLine: result.incomplete.line } : {}),
      head: result.head,
    };
  }

  private relative(folder: FolderContext, file: string): string {
    return folder.root && isUnder(file, folder.root) && file !== folder.root ? file.slice(folder.root.length + 1) : file;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.session.connection.console.warn(message);
  }

  /** Trust changed: a runner created while trusted must not be used any more. */
  trustChanged(): void {
    if (!this.session.trusted) {
      this.nodeGit = undefined;
      this.resolver = undefined;
    }
  }
}

function toOwnerInfo(owner: FindingOwner): OwnerInfo {
  return { ...owner, codeowners: [...owner.codeowners] };
}

