/**
 * The server's state and the one path every result takes to the client:
 *
 *   change -> (per-document debounce) -> queue (one engine job at a time, open documents first)
 *          -> Project.setDocument + evaluateFile -> still the current version? -> publish
 *
 * Engine logic stays in the engine; this binds it to documents, versions and the connection.
 */
import { TextDocuments, type ClientCapabilities, type Connection, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileHost } from '../engine/core/host';
import type { Finding, Policy } from '../engine/core/policy';
import type { Resource } from '../engine/core/model';
import { fileLanguage, type FileEvaluation } from '../engine/project';
import { posixPath } from '../engine/core/host';
import { toDiagnostics, isVisible } from './diagnostics';
import { Folders, type FolderContext } from './folders';
import { PathMapper } from './paths';
import { emptyCounts, StatusReporter } from './status';
import { WorkQueue } from './work-queue';
import type { SeverityCounts } from './protocol';

export interface FileRecord {
  path: string;
  uri: string;
  /** Document version the evaluation was computed for; null for files read from disk. */
  version: number | null;
  /** Settings generation the diagnostics were computed with. */
  generation: number;
  folder: FolderContext;
  evaluation: FileEvaluation;
  diagnostics: Diagnostic[];
  /** Findings published as diagnostics (not suppressed, above the threshold). */
  visible: Finding[];
  /** Serialised diagnostics (without versions), computed on first comparison. */
  key?: string;
}

function diagnosticsKey(record: FileRecord): string {
  record.key ??= JSON.stringify(record.diagnostics, (key, value) => (key === 'documentVersion' ? undefined : value));
  return record.key;
}

interface ValidateOptions {
  /** Re-validate open files of the same module afterwards (not for those follow-ups themselves). */
  cascade: boolean;
}

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly paths = new PathMapper();
  readonly queue: WorkQueue;
  readonly folders: Folders;
  readonly status: StatusReporter;
  readonly records = new Map<string, FileRecord>();
  /** Policy id -> README of a custom policy. */
  readonly customReadmes = new Map<string, string>();
  trusted = true;
  clientCommands = new Set<string>();
  capabilities: ClientCapabilities = {};
  /** Bumped on every settings/policy change; older records are recomputed when next needed. */
  generation = 0;
  /** Settings being (re)loaded: requests wait for them, so an answer never uses settings already replaced. */
  settingsLoading: Promise<void> = Promise.resolve();

  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queuedValidations = new Set<string>();
  private readonly loggedPolicyErrors = new Set<string>();

  constructor(
    readonly connection: Connection,
    readonly host: FileHost,
    basePolicies: () => readonly Policy[],
  ) {
    this.queue = new WorkQueue((error) => this.logError('Internal error', error));
    this.status = new StatusReporter(connection);
    this.folders = new Folders(
      host,
      basePolicies,
      (policyId, error, resource) => this.policyFailed(policyId, error, resource),
      (policyId, ms, resource) => this.policySlow(policyId, ms, resource),
    );
  }

  // ------------------------------------------------------------------ paths and documents

  pathOf(uri: string): string {
    return this.paths.toPath(uri, this.documents.get(uri)?.languageId);
  }

  /** Documents the server audits: by file pattern first, then by language id (see paths.ts). */
  isAudited(uri: string): boolean {
    const path = this.pathOf(uri);
    if (!fileLanguage(path)) return false;
    return !this.folders.folderFor(path).isExcluded(path);
  }

  openDocumentFor(path: string): TextDocument | undefined {
    return this.documents.get(this.paths.toUri(path));
  }

  // ------------------------------------------------------------------ validation of open documents

  /** A document changed (or opened, saved, or its settings changed): validate it soon. */
  scheduleValidation(uri: string, reason: 'open' | 'change' | 'save' | 'refresh'): void {
    const document = this.documents.get(uri);
    if (!document) return;
    const path = this.pathOf(uri);
    const folder = this.folders.folderFor(path);
    if (!folder.settings.enable || !this.isAudited(uri)) {
      this.clear(path);
      return;
    }
    if (reason === 'change' && folder.settings.run === 'onSave') return;
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    const delay = reason === 'change' ? folder.settings.debounceMs : 0;
    if (delay > 0) {
      this.timers.set(
        uri,
        setTimeout(() => {
          this.timers.delete(uri);
          this.queueValidation(uri, { cascade: true });
        }, delay),
      );
    } else this.queueValidation(uri, { cascade: true });
  }

  private queueValidation(uri: string, options: ValidateOptions): void {
    // One queued validation per document: it reads the latest version when it runs.
    if (this.queuedValidations.has(uri)) return;
    this.queuedValidations.add(uri);
    this.queue.post('high', async () => {
      this.queuedValidations.delete(uri);
      await this.validateOpen(uri, options);
    });
  }

  /** Evaluates an open document's current version and publishes, unless a newer version came in. */
  private async validateOpen(uri: string, options: ValidateOptions): Promise<FileRecord | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const version = document.version;
    const path = this.pathOf(uri);
    const folder = this.folders.folderFor(path);
    if (!folder.settings.enable || !this.isAudited(uri)) {
      this.clear(path);
      return undefined;
    }
    folder.project.setDocument(path, document.getText());
    const evaluation = await this.evaluate(folder, path);
    if (this.documents.get(uri)?.version !== version) return undefined; // superseded: never publish it
    const record = this.record(path, uri, version, folder, evaluation);
    if (options.cascade) this.refreshDependents(path, folder);
    return record;
  }

  /** The record for an open document's current version (validating it now if needed). */
  async currentRecord(uri: string): Promise<FileRecord | undefined> {
    await this.settingsLoading;
    const document = this.documents.get(uri);
    const path = this.pathOf(uri);
    if (!document) return this.records.get(path);
    const record = this.records.get(path);
    if (record && record.version === document.version && record.generation === this.generation) return record;
    const timer = this.timers.get(uri);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(uri);
    }
    return this.queue.run('high', () => this.validateOpen(uri, { cascade: true }));
  }

  /** Files of the same module may have new findings: open ones now, indexed ones in the background. */
  refreshDependents(path: string, folder: FolderContext): void {
    let dependents: string[];
    try {
      dependents = folder.project.dependents(path);
    } catch {
      return;
    }
    for (const dependent of dependents) {
      if (dependent === path) continue;
      const document = this.openDocumentFor(dependent);
      if (document) this.queueValidation(document.uri, { cascade: false });
      else if (this.records.has(dependent)) this.queue.post('low', () => this.evaluateClosed(dependent));
    }
  }

  // ------------------------------------------------------------------ files that are not open

  /** Evaluates a file from disk (background index, watched-file changes, closed documents). */
  async evaluateClosed(path: string): Promise<void> {
    const uri = this.paths.toUri(path);
    if (this.documents.get(uri)) return; // the open document is authoritative
    const folder = this.folders.folderFor(path);
    if (!folder.settings.enable || folder.isExcluded(path) || !fileLanguage(path)) {
      this.clear(path);
      return;
    }
    // Next to an open document, the open buffers matter: use the editor's engine. Elsewhere a
    // per-directory engine that is dropped when the index moves on keeps memory flat.
    const dir = posixPath.dirname(path);
    const project = this.hasOpenDocumentIn(dir) ? folder.project : this.folders.indexProjectFor(folder, dir);
    const evaluation = await this.evaluate(folder, path, project);
    if (this.documents.get(uri)) return; // opened meanwhile
    if (evaluation.format === undefined && !evaluation.errors.length) {
      this.clear(path); // not IaC: ignored quietly, and not kept in memory
      return;
    }
    // Keep what the diagnostics, counts and summaries need, not the model.
    this.record(path, uri, null, folder, { ...evaluation, resources: [], directives: [] });
  }

  private hasOpenDocumentIn(dir: string): boolean {
    return this.documents.all().some((d) => posixPath.dirname(this.pathOf(d.uri)) === dir);
  }

  /** Closed files of a directory the index knows (their findings may depend on a file that changed). */
  closedRecordsIn(dir: string): string[] {
    return [...this.records.values()].filter((r) => r.version === null && posixPath.dirname(r.path) === dir).map((r) => r.path);
  }

  // ------------------------------------------------------------------ results

  private async evaluate(folder: FolderContext, path: string, project = folder.project): Promise<FileEvaluation> {
    try {
      return await project.evaluateFile(path);
    } catch (error) {
      // The engine promises not to throw; if it does, say so on the file instead of going silent.
      this.logError(`Evaluating ${path} failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      return {
        file: path,
        format: undefined,
        findings: [],
        resources: [],
        directives: [],
        errors: [{ file: path, message: `Internal error while analysing this file (please report it): ${message}`, severity: 'error' }],
      };
    }
  }

  private record(path: string, uri: string, version: number | null, folder: FolderContext, evaluation: FileEvaluation): FileRecord {
    const diagnostics = toDiagnostics(evaluation, {
      settings: folder.settings,
      policyById: (id) => folder.policyById.get(id),
      isPolicyEnabled: folder.isPolicyEnabled,
      toUri: (p) => this.paths.toUri(p),
      documentVersion: version,
    });
    const visible = evaluation.findings.filter((f) => f.file === path && isVisible(f, folder.settings));
    const previous = this.records.get(path);
    const record: FileRecord = { path, uri, version, generation: this.generation, folder, evaluation, diagnostics, visible };
    this.records.set(path, record);
    // A new version is always published (clients wait for it); the same version only if it changed.
    // The comparison key is computed only then: it is costly for files with hundreds of findings.
    if (!previous || previous.version !== version || previous.uri !== uri) {
      void this.connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics });
    } else if (diagnosticsKey(previous) !== diagnosticsKey(record)) {
      void this.connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics });
      // Another file changed this one's findings: the editor would keep showing old lenses.
      if (version !== null) this.refreshCodeLenses();
    }
    this.status.setFile(path, countBySeverity(visible));
    return record;
  }

  private lensRefresh: NodeJS.Immediate | undefined;

  refreshCodeLenses(): void {
    if (!this.capabilities.workspace?.codeLens?.refreshSupport || this.lensRefresh) return;
    this.lensRefresh = setImmediate(() => {
      this.lensRefresh = undefined;
      void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    });
  }

  /** Forgets a file's results and clears its diagnostics. */
  clear(path: string): void {
    const previous = this.records.get(path);
    const uri = previous?.uri ?? this.paths.toUri(path);
    this.records.delete(path);
    this.status.setFile(path, undefined);
    const document = this.documents.get(uri);
    // Nothing was shown for it (e.g. a closed YAML file that is not IaC): nothing to clear.
    if (previous ? previous.diagnostics.length === 0 : !document) return;
    void this.connection.sendDiagnostics({ uri, version: document?.version, diagnostics: [] });
  }

  /** Resources in the file that have visible findings, for code lenses. */
  resourceOf(record: FileRecord, finding: Finding): Resource | undefined {
    return record.evaluation.resources.find((r) => r.address === finding.resource && r.file === finding.file)
      ?? record.evaluation.resources.find((r) => r.address === finding.resource);
  }

  // ------------------------------------------------------------------ settings / policies changed

  /** Everything is recomputed: open documents first, then the files the index knows. */
  revalidateAll(): void {
    this.generation++;
    for (const document of this.documents.all()) this.scheduleValidation(document.uri, 'refresh');
    for (const record of [...this.records.values()]) {
      if (record.version === null) this.queue.post('low', () => this.evaluateClosed(record.path));
    }
  }

  // ------------------------------------------------------------------ logging

  private policyFailed(policyId: string, error: unknown, resource: Resource): void {
    if (this.loggedPolicyErrors.has(policyId)) return;
    this.loggedPolicyErrors.add(policyId);
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    this.connection.console.error(
      `Policy ${policyId} failed on ${resource.address} (${resource.file}); its findings are missing until it is fixed. Further failures of this policy are not logged.\n${detail}`,
    );
  }

  private policySlow(policyId: string, ms: number, resource: Resource): void {
    const key = `slow\u0000${policyId}`;
    if (this.loggedPolicyErrors.has(key)) return;
    this.loggedPolicyErrors.add(key);
    this.connection.console.warn(
      `Policy ${policyId} took ${Math.round(ms)} ms on ${resource.address} (${resource.file}); it slows every audit of such files. ` +
        `Disable it with "iacAudit.policies": { "${policyId}": false } if this repeats. Further slow runs of this policy are not logged.`,
    );
  }

  logError(context: string, error: unknown): void {
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    this.connection.console.error(`${context}: ${detail}`);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.status.dispose();
  }
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = emptyCounts();
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
