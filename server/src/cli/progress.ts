/**
 * A one-line progress indicator on stderr, only when stderr is a terminal and the scan is big
 * enough to make someone wonder (more than 50 files). Redrawn at most every 100 ms.
 */
import type { CliStream } from './io';

export const PROGRESS_MIN_FILES = 50;

export function progressReporter(stderr: CliStream, now: () => number = Date.now): { update(done: number, total: number): void; done(): void } {
  let shown = false;
  let last = Number.NEGATIVE_INFINITY;
  return {
    update(done, total) {
      if (!stderr.isTTY || total <= PROGRESS_MIN_FILES) return;
      const t = now();
      if (done < total && t - last < 100) return;
      last = t;
      shown = true;
      const percent = Math.floor((done / total) * 100);
      stderr.write(`\r\u001b[KScanning ${done}/${total} files (${percent}%)`);
    },
    done() {
      if (shown) stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
