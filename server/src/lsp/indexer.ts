/**
 * Background indexing of the workspace's IaC files, at low priority: cross-file references
 * (variables, tfvars, the separate S3 encryption resource) resolve, and the status bar and the
 * Problems view cover the whole workspace. "Scan Workspace" runs the same pass after dropping
 * what was read from disk, and reports when it is done.
 */
import { fileLanguage } from '../engine/project';
import { posixPath } from '../engine/core/host';
import type { FolderContext } from './folders';
import type { ScanSummary } from './protocol';
import { countBySeverity, type Session } from './session';

/** Directories never worth walking into (same list as the engine's scan). */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform', '.iac-audit', '.vscode-test', '.cache', 'dist', 'out']);
const MAX_FILES = 50_000;

export class Indexer {
  private generation = 0;

  constructor(private readonly session: Session) {}

  /** Indexes every workspace folder. `rescan` first forgets what was read from disk. */
  async run(rescan: boolean): Promise<ScanSummary> {
    const session = this.session;
    const generation = ++this.generation;
    session.queue.clearLow();
    if (rescan) for (const folder of session.folders.all) folder.indexProject = undefined;
    const files: { path: string; folder: FolderContext }[] = [];
    for (const folder of session.folders.workspaceFolders) {
      if (!folder.settings.enable) continue;
      const found: string[] = [];
      await this.walk(folder, folder.root!, found);
      for (const path of found) files.push({ path, folder });
    }
    if (generation !== this.generation) return summary(session);
    let done = 0;
    session.status.setIndexing(true, 0, files.length);
    for (const { path, folder } of files) {
      session.queue.post('low', async () => {
        if (generation !== this.generation) return;
        if (rescan) folder.project.fileChanged(path);
        if (!session.openDocumentFor(path)) await session.evaluateClosed(path);
        done++;
        session.status.setIndexing(true, done, files.length);
      });
    }
    // FIFO: this runs after every file above.
    await session.queue.run('low', () => undefined);
    if (generation === this.generation) session.status.setIndexing(false, done, files.length);
    return summary(session);
  }

  private async walk(folder: FolderContext, dir: string, out: string[]): Promise<void> {
    if (out.length >= MAX_FILES) return;
    const entries = [...(await this.session.host.readDirectory(dir))].sort((a, b) => (a.name < b.name ? -1 : 1));
    const subdirectories: string[] = [];
    // A directory's files stay together (one Terraform module is evaluated once), then its subdirectories.
    for (const entry of entries) {
      const child = posixPath.join(dir, entry.name);
      if (folder.isExcluded(child)) continue;
      if (entry.isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) subdirectories.push(child);
      } else if (entry.isFile && fileLanguage(child)) {
        out.push(child);
      }
    }
    for (const child of subdirectories) await this.walk(folder, child, out);
  }
}

function summary(session: Session): ScanSummary {
  let files = 0;
  const all = [];
  for (const record of session.records.values()) {
    if (record.evaluation.format !== undefined) files++;
    all.push(...record.visible);
  }
  return { files, findings: all.length, counts: countBySeverity(all) };
}
