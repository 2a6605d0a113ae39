/**
 * workspace/didChangeWatchedFiles: keep the index current. A changed `terraform.tfvars` or
 * `variables.tf` re-evaluates the files of its module (open ones first), so findings in an open
 * `main.tf` flip without touching it.
 */
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import { fileLanguage } from '../../engine/project';
import { posixPath } from '../../engine/core/host';
import type { Session } from '../session';

/** What the server watches (registered dynamically where the client allows it). */
export const WATCHED_GLOBS = ['**/*.{tf,tfvars,tf.json,tfvars.json}', '**/*.{yaml,yml}', '**/*.{json,template}'];

export function registerWatchedFileHandlers(session: Session): void {
  session.connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      const path = session.pathOf(change.uri);
      if (!fileLanguage(path)) continue;
      const folder = session.folders.folderFor(path);
      if (folder.root === null || folder.isExcluded(path)) continue;
      session.queue.post('high', async () => {
        folder.project.fileChanged(path);
        folder.indexProject?.project.fileChanged(path);
        if (!session.openDocumentFor(path)) {
          if (change.type === FileChangeType.Deleted) session.clear(path);
          else await session.evaluateClosed(path);
        }
        session.refreshDependents(path, folder);
        // Closed Terraform files of the same module (the editor's engine may not know that module).
        if (fileLanguage(path) === 'terraform') {
          for (const sibling of session.closedRecordsIn(posixPath.dirname(path))) {
            if (sibling !== path) session.queue.post('low', () => session.evaluateClosed(sibling));
          }
        }
      });
    }
  });
}

export function registerFileWatchers(session: Session): void {
  if (!session.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
  void session.connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
  });
}
