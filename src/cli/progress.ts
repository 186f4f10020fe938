import type { WaitProgress } from "../waiters/poll.js";

const reads = (n: number) => `${n} read${n === 1 ? "" : "s"}`;

/**
 * Shows a wait's progress: one line rewritten in place on a terminal, plain lines otherwise
 * (logs, CI). With `--json`, progress goes to stderr so stdout stays one JSON document.
 */
export function progressPrinter(stream: NodeJS.WriteStream, verbose: boolean): { update(p: WaitProgress): void; end(): void } {
  const live = stream.isTTY === true;
  let lastKey = "";
  let drawn = false;
  return {
    update(p) {
      const seconds = (p.elapsedMs / 1000).toFixed(1);
      const line = p.transientError
        ? `${p.service} ${p.resource}: read failed, retrying (${verbose ? p.transientError : "transient error"})`
        : `${p.service} ${p.resource}: ${p.status ?? "?"} after ${seconds}s (${reads(p.reads)})`;
      if (live) {
        stream.write(`\r\u001b[2K${line}`);
        drawn = true;
      } else {
        // Plain output prints a line when the status changes (every read with --verbose), so logs stay short.
        const key = p.transientError ?? p.status ?? "";
        if (key !== lastKey || verbose) stream.write(`${line}\n`);
        lastKey = key;
      }
    },
    end() {
      if (live && drawn) stream.write("\n");
      drawn = false;
    },
  };
}
