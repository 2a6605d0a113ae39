/**
 * Workspace-wide finding counts for the status bar (`iacAudit/status`). Counts are kept per file
 * and summed incrementally; notifications are coalesced so indexing thousands of files sends a
 * handful of messages, while an idle workspace reports a change at once.
 */
import type { Connection } from 'vscode-languageserver';
import { STATUS_NOTIFICATION, type SeverityCounts, type StatusParams } from './protocol';

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

const INDEXING_INTERVAL_MS = 250;

export class StatusReporter {
  private readonly byFile = new Map<string, SeverityCounts>();
  private readonly totals = emptyCounts();
  private filesWithFindings = 0;
  private indexing = { active: false, done: 0, total: 0 };
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private lastSent = '';

  constructor(private readonly connection: Connection) {}

  setFile(path: string, counts: SeverityCounts | undefined): void {
    const old = this.byFile.get(path);
    if (old) {
      for (const key of Object.keys(old) as (keyof SeverityCounts)[]) this.totals[key] -= old[key];
      if (total(old) > 0) this.filesWithFindings--;
    }
    if (counts) {
      this.byFile.set(path, counts);
      for (const key of Object.keys(counts) as (keyof SeverityCounts)[]) this.totals[key] += counts[key];
      if (total(counts) > 0) this.filesWithFindings++;
    } else this.byFile.delete(path);
    this.changed();
  }

  setIndexing(active: boolean, done: number, total: number): void {
    this.indexing = { active, done, total };
    if (!active) this.flush();
    else this.changed();
  }

  get counts(): SeverityCounts {
    return { ...this.totals };
  }

  private changed(): void {
    if (this.indexing.active) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, INDEXING_INTERVAL_MS);
    } else {
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        this.flush();
      });
    }
  }

  flush(): void {
    const params: StatusParams = {
      indexing: this.indexing.active,
      done: this.indexing.done,
      total: this.indexing.total,
      counts: { ...this.totals },
      files: this.filesWithFindings,
    };
    const key = JSON.stringify(params);
    if (key === this.lastSent) return;
    this.lastSent = key;
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
  }
}

function total(c: SeverityCounts): number {
  return c.critical + c.high + c.medium + c.low + c.info;
}
