/**
 * textDocument/didOpen, didChange, didSave, didClose: keep the engine's view of open buffers
 * current and schedule validation. A closed document falls back to its text on disk.
 */
import { isVirtualPath } from '../paths';
import type { Session } from '../session';

export function registerDocumentHandlers(session: Session, whenReady: (fn: () => void) => void): void {
  const { documents } = session;
  const justOpened = new Set<string>();

  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    whenReady(() => session.scheduleValidation(document.uri, 'open'));
  });

  documents.onDidChangeContent(({ document }) => {
    // didOpen fires a content change too; the open above already covers it.
    if (justOpened.delete(document.uri)) return;
    whenReady(() => session.scheduleValidation(document.uri, 'change'));
  });

  documents.onDidSave(({ document }) => {
    whenReady(() => {
      const folder = session.folders.folderFor(session.pathOf(document.uri));
      if (folder.settings.run === 'onSave') session.scheduleValidation(document.uri, 'save');
    });
  });

  documents.onDidClose(({ document }) => {
    justOpened.delete(document.uri);
    const path = session.pathOf(document.uri);
    const folder = session.folders.folderFor(path);
    whenReady(() => {
      session.queue.post('high', async () => {
        if (session.documents.get(document.uri)) return; // re-opened meanwhile
        folder.project.closeDocument(path);
        // The file on disk is what the workspace index shows; outside a folder there is none.
        if (folder.root !== null && !isVirtualPath(path)) {
          await session.evaluateClosed(path);
          if (!session.records.has(path)) session.clear(path);
        } else {
          session.clear(path);
          session.paths.forget(document.uri);
        }
        // Siblings evaluated with the unsaved buffer now see the disk text again.
        session.refreshDependents(path, folder);
      });
    });
  });
}
