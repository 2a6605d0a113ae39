/**
 * The orchestrator: files -> parse (cached by text) -> model (per Terraform module directory or
 * per YAML/JSON file) -> policies -> suppressions. Shared by the CLI, the language server and tests.
 *
 * Caching is what makes the editor fast: parses are kept per file and reused while the file's
 * text is unchanged, so a keystroke re-parses one file and rebuilds only its module's model.
 */
import type { Format, Resource } from './core/model';
import type { Finding, InputError, Policy } from './core/policy';
import { posixPath, type FileHost } from './core/host';
import type { ModelScope, StructuredFileModel } from './formats/contracts';
import {
  buildTerraformModule,
  localModuleDirs,
  parseTerraformFile,
  terraformFileKind,
  type TerraformFileParse,
} from './formats/terraform/index';
import { analyzeJsonFile, analyzeYamlFile, YamlStreamCache } from './formats/structured/index';
import { runPolicies, type PolicyErrorHandler } from './run-policies';
import { ScopeCheckCache } from './incremental/check-cache';
import { terraformScopeSnapshot } from './formats/terraform/reuse';
import { kubernetesScopeSnapshot } from './formats/structured/reuse';
import { applySuppressions } from './suppressions/index';
import type { SuppressionDirective } from './suppressions/contract';

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
export const DEFAULT_MAX_ALIAS_COUNT = 100;

/** Directories never worth walking into. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', '.iac-audit', '.vscode-test', '.cache']);

export interface ProjectOptions {
  policies: readonly Policy[];
  /** Files larger than this are skipped with a notice (default 2 MB). */
  maxFileSize?: number;
  maxAliasCount?: number;
  /** Today as YYYY-MM-DD, for suppression expiry; defaults to the current UTC date. */
  today?: () => string;
  /** Days before expiry from which a suppression is reported as expiring soon (IAC-SUPPRESS-004); default 14, 0 = off. */
  suppressionExpiryWarningDays?: number;
  /** Policy ids to run; all when absent. */
  isPolicyEnabled?: (policyId: string) => boolean;
  /** Paths to leave out of scans (exclude globs are matched by the caller). */
  isExcluded?: (path: string) => boolean;
  onPolicyError?: PolicyErrorHandler;
}

export type FileLanguage = 'terraform' | 'yaml' | 'json';

export interface FileEvaluation {
  file: string;
  /** undefined when the file holds no IaC we know (it is then ignored quietly). */
  format: Format | undefined;
  findings: Finding[];
  errors: InputError[];
  resources: Resource[];
  directives: SuppressionDirective[];
}

export interface ScanResult {
  /** IaC files that were evaluated (recognised as Terraform, CloudFormation or Kubernetes). */
  files: string[];
  bytes: number;
  findings: Finding[];
  errors: InputError[];
  resources: number;
  directives: SuppressionDirective[];
}

/** Which parser a path needs, by name alone (content decides CloudFormation vs Kubernetes). */
export function fileLanguage(path: string): FileLanguage | undefined {
  if (terraformFileKind(path)) return 'terraform';
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json') || lower.endsWith('.template')) return 'json';
  return undefined;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function looksBinary(text: string): boolean {
  const probe = text.length > 8192 ? text.slice(0, 8192) : text;
  return probe.includes('\u0000');
}

interface ModuleEvaluation {
  /** The texts the evaluation was computed from, to tell whether it is still valid. */
  inputs: Map<string, string>;
  byFile: Map<string, FileEvaluation>;
  /**
   * Findings on resources of local modules this module calls (`module.x.aws_s3_bucket.y`),
   * evaluated with the caller's inputs. Their files belong to the module's own directory, whose
   * standalone evaluation is what the editor shows; scans add these too (deduplicated).
   */
  calledModuleFindings: Finding[];
  /** Every resource of the module, with those of the local modules it calls (`module.x.` addresses). */
  resources: readonly Resource[];
}

export class Project {
  private readonly overlays = new Map<string, string>();
  private readonly diskTexts = new Map<string, string | null>();
  private readonly directoryListings = new Map<string, string[]>();
  private readonly terraformParses = new Map<string, TerraformFileParse>();
  private readonly structuredModels = new Map<string, { text: string; model: StructuredFileModel; cuts?: readonly number[] }>();
  /** Open YAML documents' parsed pieces, so a keystroke re-parses only the document it changed. */
  private readonly yamlCaches = new Map<string, YamlStreamCache>();
  /**
   * Policy checks of the last evaluation of each scope (module directory or YAML file) that holds
   * an open document, so a keystroke re-runs only the checks it can affect.
   */
  private readonly checkCaches = new Map<string, ScopeCheckCache>();
  private enabledPolicies: { options: ProjectOptions; policies: readonly Policy[] } | undefined;
  private readonly moduleEvaluations = new Map<string, ModuleEvaluation>();
  private readonly skipNotices = new Map<string, InputError>();

  constructor(
    private readonly host: FileHost,
    private options: ProjectOptions,
  ) {}

  get policies(): readonly Policy[] {
    return this.options.policies;
  }

  /** New settings or policies: every cached evaluation is dropped, parses are kept. */
  updateOptions(options: Partial<ProjectOptions>): void {
    this.options = { ...this.options, ...options };
    this.moduleEvaluations.clear();
    this.checkCaches.clear();
    this.structuredModels.clear();
    this.skipNotices.clear();
  }

  /** The editor's buffer for a file wins over the disk (unsaved changes are audited). */
  setDocument(path: string, text: string): void {
    this.overlays.set(path, text);
    this.noteDirectoryEntry(path);
  }

  closeDocument(path: string): void {
    this.overlays.delete(path);
    this.yamlCaches.delete(path);
    this.checkCaches.delete(path);
    const dir = posixPath.dirname(path);
    if (!this.hasOverlayIn(dir)) this.checkCaches.delete(dir);
  }

  /** A file changed, appeared or disappeared on disk. */
  fileChanged(path: string): void {
    this.diskTexts.delete(path);
    this.skipNotices.delete(path);
    this.directoryListings.delete(posixPath.dirname(path));
  }

  /** Files that a change to `path` may affect (its module's files, or itself). */
  dependents(path: string): string[] {
    if (fileLanguage(path) !== 'terraform') return [path];
    const dir = posixPath.dirname(path);
    const out = new Set<string>();
    for (const [moduleDir, evaluation] of this.moduleEvaluations) {
      if (moduleDir === dir || [...evaluation.inputs.keys()].some((p) => posixPath.dirname(p) === dir)) {
        for (const file of evaluation.byFile.keys()) out.add(file);
      }
    }
    return [...out];
  }

  async evaluateFile(path: string): Promise<FileEvaluation> {
    const language = fileLanguage(path);
    if (!language) return emptyEvaluation(path);
    if (language === 'terraform') {
      const evaluation = await this.evaluateTerraformModule(posixPath.dirname(path));
      return evaluation.byFile.get(path) ?? (await this.unreadableEvaluation(path));
    }
    return this.evaluateStructuredFile(path, language);
  }

  /** Walks the given files and directories and evaluates every IaC file once. */
  async scan(roots: string[], onProgress?: (done: number, total: number) => void): Promise<ScanResult> {
    const files: string[] = [];
    for (const root of roots) await this.collectFiles(root, files);
    const unique = [...new Set(files)].sort();
    const result: ScanResult = { files: [], bytes: 0, findings: [], errors: [], resources: 0, directives: [] };
    const seenFindings = new Set<string>();
    const doneModules = new Set<string>();
    let done = 0;
    for (const file of unique) {
      done++;
      const language = fileLanguage(file)!;
      let evaluations: FileEvaluation[];
      if (language === 'terraform') {
        const dir = posixPath.dirname(file);
        if (doneModules.has(dir)) continue;
        doneModules.add(dir);
        const moduleEvaluation = await this.evaluateTerraformModule(dir);
        evaluations = [...moduleEvaluation.byFile.values()].filter((e) => unique.includes(e.file) || e.file === file);
        const fromCalls = moduleEvaluation.calledModuleFindings.filter((f) => unique.includes(f.file));
        if (fromCalls.length) evaluations.push({ ...emptyEvaluation(fromCalls[0].file), findings: fromCalls });
      } else {
        evaluations = [await this.evaluateStructuredFile(file, language)];
      }
      for (const evaluation of evaluations) {
        if (evaluation.format !== undefined || evaluation.errors.length) {
          if (evaluation.format !== undefined) {
            result.files.push(evaluation.file);
            result.bytes += (await this.readText(evaluation.file))?.length ?? 0;
          }
        }
        result.resources += evaluation.resources.length;
        result.errors.push(...evaluation.errors);
        result.directives.push(...evaluation.directives);
        for (const finding of evaluation.findings) {
          // A module's resource can be evaluated standalone and again through its caller.
          const key = `${finding.policyId}\u0000${finding.file}\u0000${finding.range.start.offset}\u0000${finding.range.end.offset}`;
          if (seenFindings.has(key)) continue;
          seenFindings.add(key);
          result.findings.push(finding);
        }
      }
      onProgress?.(done, unique.length);
    }
    result.files = [...new Set(result.files)].sort();
    return result;
  }

  /**
   * The resources of the Terraform module in `dir` as Terraform addresses them from there: its own
   * and, through local module calls, `module.x.aws_s3_bucket.y` (drift compares them with the state).
   */
  async terraformModuleResources(dir: string): Promise<readonly Resource[]> {
    return (await this.evaluateTerraformModule(dir)).resources;
  }

  // ---------------------------------------------------------------- files

  private async collectFiles(path: string, out: string[]): Promise<void> {
    if (this.options.isExcluded?.(path)) return;
    if (fileLanguage(path) && ((await this.host.fileSize?.(path)) !== undefined || this.overlays.has(path))) {
      out.push(path);
      return;
    }
    const entries = await this.host.readDirectory(path);
    for (const entry of entries) {
      const child = path === '.' ? entry.name : posixPath.join(path, entry.name);
      if (entry.isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await this.collectFiles(child, out);
      } else if (entry.isFile && fileLanguage(child) && !this.options.isExcluded?.(child)) {
        out.push(child);
      }
    }
  }

  /** The file's current text (editor buffer first), or undefined when unreadable or skipped. */
  private async readText(path: string): Promise<string | undefined> {
    const overlay = this.overlays.get(path);
    if (overlay !== undefined) return this.withinLimits(path, overlay, overlay.length);
    if (this.diskTexts.has(path)) return this.diskTexts.get(path) ?? undefined;
    const limit = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const size = await this.host.fileSize?.(path);
    if (size !== undefined && size > limit) {
      this.noteSkipped(path, `File skipped: ${formatBytes(size)} is over the ${formatBytes(limit)} size limit (iacAudit.maxFileSize / --max-file-size).`);
      this.diskTexts.set(path, null);
      return undefined;
    }
    const text = await this.host.readFile(path);
    const checked = text === undefined ? undefined : this.withinLimits(path, text, size ?? text.length);
    this.diskTexts.set(path, checked ?? null);
    return checked;
  }

  private withinLimits(path: string, text: string, size: number): string | undefined {
    const limit = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    if (size > limit) {
      this.noteSkipped(path, `File skipped: ${formatBytes(size)} is over the ${formatBytes(limit)} size limit (iacAudit.maxFileSize / --max-file-size).`);
      return undefined;
    }
    if (looksBinary(text)) {
      this.noteSkipped(path, 'File skipped: it looks binary (contains NUL bytes).');
      return undefined;
    }
    this.skipNotices.delete(path);
    return text;
  }

  private noteSkipped(path: string, message: string): void {
    this.skipNotices.set(path, { file: path, message, severity: 'warning' });
  }

  private async listDirectory(dir: string): Promise<string[]> {
    let listing = this.directoryListings.get(dir);
    if (!listing) {
      const entries = await this.host.readDirectory(dir);
      listing = entries.filter((e) => e.isFile).map((e) => (dir === '.' ? e.name : posixPath.join(dir, e.name)));
      this.directoryListings.set(dir, listing);
    }
    // Open documents not yet saved to disk belong to their directory too.
    const extra = [...this.overlays.keys()].filter((p) => posixPath.dirname(p) === dir && !listing!.includes(p));
    return extra.length ? [...listing, ...extra] : listing;
  }

  private noteDirectoryEntry(path: string): void {
    const listing = this.directoryListings.get(posixPath.dirname(path));
    if (listing && !listing.includes(path)) listing.push(path);
  }

  private async unreadableEvaluation(path: string): Promise<FileEvaluation> {
    const notice = this.skipNotices.get(path);
    return { ...emptyEvaluation(path), errors: notice ? [notice] : [] };
  }

  // ---------------------------------------------------------------- Terraform

  private async terraformFilesOf(dir: string, inputs: Map<string, string>): Promise<TerraformFileParse[]> {
    const parses: TerraformFileParse[] = [];
    for (const path of (await this.listDirectory(dir)).sort()) {
      if (!terraformFileKind(path) || this.options.isExcluded?.(path)) continue;
      const text = await this.readText(path);
      if (text === undefined) continue;
      inputs.set(path, text);
      let parse = this.terraformParses.get(path);
      if (!parse || parse.text !== text) {
        parse = parseTerraformFile(path, text);
        this.terraformParses.set(path, parse);
      }
      parses.push(parse);
    }
    return parses;
  }

  private async evaluateTerraformModule(dir: string): Promise<ModuleEvaluation> {
    // Gather this module's files and, transitively, the local modules it calls.
    const inputs = new Map<string, string>();
    const filesByDir = new Map<string, TerraformFileParse[]>();
    const pending = [dir];
    while (pending.length && filesByDir.size < 64) {
      const next = pending.shift()!;
      if (filesByDir.has(next)) continue;
      const files = await this.terraformFilesOf(next, inputs);
      filesByDir.set(next, files);
      for (const child of localModuleDirs(next, files)) if (!filesByDir.has(child)) pending.push(child);
    }

    const cached = this.moduleEvaluations.get(dir);
    if (cached && sameInputs(cached.inputs, inputs)) return cached;

    const files = filesByDir.get(dir) ?? [];
    const byFile = new Map<string, FileEvaluation>();
    const ownFiles = await this.listDirectory(dir);
    for (const path of ownFiles) {
      if (!terraformFileKind(path)) continue;
      const parse = files.find((f) => f.path === path);
      byFile.set(path, {
        ...emptyEvaluation(path),
        format: parse ? 'terraform' : undefined,
        errors: parse ? [...parse.errors] : this.skipNotices.has(path) ? [this.skipNotices.get(path)!] : [],
      });
    }
    let scope: ModelScope;
    try {
      scope = buildTerraformModule({ dir, files, filesOf: (d) => filesByDir.get(d) });
    } catch (error) {
      // An adapter bug must never take the editor down: report it on the module's first file.
      const first = files[0]?.path ?? posixPath.join(dir, 'main.tf');
      scope = { resources: [], errors: [internalError(first, error)], referencing: () => [] };
    }
    for (const error of scope.errors) byFile.get(error.file)?.errors.push(error);
    const texts = (file: string) => inputs.get(file);
    const policies = this.activePolicies();
    const cache = this.hasOverlayIn(dir) ? this.checkCacheFor(dir) : undefined;
    const reuse = cache?.begin(terraformScopeSnapshot(dir, filesByDir, inputs), scope.resources, policies);
    const findings = runPolicies(scope.resources, scope, policies, texts, this.options.onPolicyError, reuse);
    reuse?.finish();
    for (const resource of scope.resources) byFile.get(resource.file)?.resources.push(resource);
    const calledModuleFindings: Finding[] = [];
    for (const finding of findings) {
      const own = byFile.get(finding.file);
      if (own) own.findings.push(finding);
      else calledModuleFindings.push(finding);
    }
    for (const evaluation of byFile.values()) this.suppress(evaluation, inputs.get(evaluation.file));
    const calledSuppressed = this.suppressCalledModuleFindings(calledModuleFindings, scope.resources, inputs);
    const result = { inputs, byFile, calledModuleFindings: calledSuppressed, resources: scope.resources };
    this.moduleEvaluations.set(dir, result);
    return result;
  }

  // ---------------------------------------------------------------- CloudFormation / Kubernetes

  private async evaluateStructuredFile(path: string, language: 'yaml' | 'json'): Promise<FileEvaluation> {
    const text = await this.readText(path);
    if (text === undefined) return this.unreadableEvaluation(path);
    let model: StructuredFileModel;
    let cuts: readonly number[] | undefined;
    const cached = this.structuredModels.get(path);
    if (cached && cached.text === text) ({ model, cuts } = cached);
    else {
      const yamlCache = language === 'yaml' ? this.yamlCacheFor(path) : undefined;
      try {
        model =
          language === 'yaml'
            ? analyzeYamlFile(path, text, { maxAliasCount: this.options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT, yamlCache })
            : analyzeJsonFile(path, text);
        cuts = yamlCache?.cuts;
      } catch (error) {
        model = { format: undefined, resources: [], errors: [internalError(path, error)], referencing: () => [] };
      }
      this.structuredModels.set(path, { text, model, cuts });
    }
    const evaluation: FileEvaluation = {
      file: path,
      format: model.format,
      findings: [],
      errors: [...model.errors],
      resources: model.resources,
      directives: [],
    };
    if (model.format === undefined) return evaluation;
    const policies = this.activePolicies();
    const snapshot = this.overlays.has(path) ? kubernetesScopeSnapshot(path, text, model.format, cuts) : undefined;
    if (!snapshot) this.checkCaches.delete(path);
    const reuse = snapshot && this.checkCacheFor(path).begin(snapshot, model.resources, policies);
    evaluation.findings = runPolicies(model.resources, model, policies, (f) => (f === path ? text : undefined), this.options.onPolicyError, reuse).filter(
      (f) => f.file === path,
    );
    reuse?.finish();
    this.suppress(evaluation, text);
    return evaluation;
  }

  private yamlCacheFor(path: string): YamlStreamCache | undefined {
    // Only open documents are edited keystroke by keystroke; files read from disk keep no pieces.
    if (!this.overlays.has(path)) return undefined;
    let cache = this.yamlCaches.get(path);
    if (!cache) this.yamlCaches.set(path, (cache = new YamlStreamCache()));
    return cache;
  }

  // ---------------------------------------------------------------- shared steps

  private activePolicies(): readonly Policy[] {
    const enabled = this.options.isPolicyEnabled;
    if (!enabled) return this.options.policies;
    // The same array while the options stand: runPolicies indexes policies per array, and
    // reused checks must come from the same policies.
    if (this.enabledPolicies?.options !== this.options) {
      this.enabledPolicies = { options: this.options, policies: this.options.policies.filter((p) => enabled(p.id)) };
    }
    return this.enabledPolicies.policies;
  }

  private hasOverlayIn(dir: string): boolean {
    for (const path of this.overlays.keys()) if (posixPath.dirname(path) === dir) return true;
    return false;
  }

  private checkCacheFor(scope: string): ScopeCheckCache {
    let cache = this.checkCaches.get(scope);
    if (!cache) this.checkCaches.set(scope, (cache = new ScopeCheckCache()));
    return cache;
  }

  /** Applies the suppression comments of each called module's file to findings made through the call. */
  private suppressCalledModuleFindings(findings: Finding[], resources: readonly Resource[], inputs: Map<string, string>): Finding[] {
    const byFile = new Map<string, Finding[]>();
    for (const finding of findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
    const out: Finding[] = [];
    for (const [file, list] of byFile) {
      const evaluation: FileEvaluation = { ...emptyEvaluation(file), findings: list, resources: resources.filter((r) => r.file === file) };
      this.suppress(evaluation, inputs.get(file));
      // Directive problems are reported by the module's own evaluation; keep only policy findings.
      out.push(...evaluation.findings.filter((f) => list.includes(f) || !f.policyId.startsWith('IAC-SUPPRESS-')));
    }
    return out;
  }

  private suppress(evaluation: FileEvaluation, text: string | undefined): void {
    if (text === undefined) return;
    try {
      const output = applySuppressions({
        file: evaluation.file,
        text,
        findings: evaluation.findings,
        resources: evaluation.resources,
        policies: this.options.policies,
        today: (this.options.today ?? todayUtc)(),
        expiryWarningDays: this.options.suppressionExpiryWarningDays,
      });
      const enabled = this.options.isPolicyEnabled;
      const directiveFindings = enabled ? output.directiveFindings.filter((f) => enabled(f.policyId)) : output.directiveFindings;
      evaluation.findings = [...output.findings, ...directiveFindings].sort(compareFindings);
      evaluation.directives = output.directives;
    } catch (error) {
      evaluation.errors.push(internalError(evaluation.file, error));
    }
  }
}

function sameInputs(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, text] of b) if (a.get(path) !== text) return false;
  return true;
}

function emptyEvaluation(file: string): FileEvaluation {
  return { file, format: undefined, findings: [], errors: [], resources: [], directives: [] };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.offset - b.range.start.offset ||
    a.range.end.offset - b.range.end.offset ||
    (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0)
  );
}

function internalError(file: string, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  return { file, message: `Internal error while analysing this file (please report it): ${message}`, severity: 'error' };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
