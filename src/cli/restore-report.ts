import type { Hooks, ResponseEvent, RetryEvent, SendEvent } from "../transport/hooks.js";
import type { Io } from "./command.js";

/** The restore request as the SDK's hook saw it: headers already redacted. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * Follows the restore request through the SDK's hooks, and only it (status reads and IAM
 * logins go through the same hooks): the request as first sent, every retry and why, and the
 * answer that was accepted. Plain output prints each as it happens, in that order.
 */
export class RestoreReport {
  sent: SentRequest | undefined;
  /** The attempt that was answered with 2xx. */
  accepted: ResponseEvent | undefined;
  readonly retries: { attempt: number; reason: string; delayMs: number }[] = [];
  private attempts = 0;

  constructor(
    private readonly service: string,
    private readonly operation: string,
    private readonly print: { readonly plain: boolean; readonly verbose: boolean; readonly io: Io },
  ) {}

  private mine(e: { service: string; operation: string }): boolean {
    return e.service === this.service && e.operation === this.operation;
  }

  private line(text: string): void {
    if (this.print.plain) this.print.io.stdout.write(`${text}\n`);
  }

  /** The SDK hooks that feed this report; `dryRun` silences the lines a dry run does not send. */
  hooks(dryRun: boolean): Hooks {
    return {
      onRequest: (e: SendEvent) => {
        if (!this.mine(e)) return;
        this.attempts = e.attempt;
        if (this.sent) return;
        this.sent = { method: e.method, url: e.url, headers: { ...e.headers }, body: e.body ? (JSON.parse(e.body) as unknown) : undefined };
        if (!dryRun) this.line(`sent: ${e.method} ${e.url}`);
      },
      onRetry: (e: RetryEvent) => {
        if (!this.mine(e)) return;
        this.retries.push({ attempt: e.attempt, reason: e.reason, delayMs: e.delayMs });
        this.line(`retrying: attempt ${e.attempt} got ${e.reason}; the next one in ${(e.delayMs / 1000).toFixed(1)}s`);
      },
      onResponse: (e: ResponseEvent) => {
        if (!this.mine(e) || e.status >= 300) return;
        this.accepted = e;
        const facts = [e.requestId ? `request id ${e.requestId}` : "", e.attempt > 1 ? `attempt ${e.attempt}, after ${this.retries.map((r) => r.reason).join(", ")}` : ""].filter(Boolean);
        this.line(`accepted: HTTP ${e.status}${facts.length ? ` (${facts.join("; ")})` : ""}`);
      },
      debug: (line: string) => {
        if (this.print.verbose && !dryRun) this.print.io.stderr.write(`${line}\n`);
      },
    };
  }

  /** The answer's facts for `--json`: the accepted attempt, how many attempts there were, and the retries. */
  json(): Record<string, unknown> {
    return {
      sent: this.sent,
      status: this.accepted?.status,
      requestId: this.accepted?.requestId,
      attempts: this.attempts,
      ...(this.retries.length ? { retries: this.retries } : {}),
    };
  }
}
