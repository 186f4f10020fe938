import { ApiError, RateLimitError } from "../../errors/api-error.js";
import { AuthError } from "../../errors/auth-error.js";
import { RestoreKitError } from "../../errors/restorekit-error.js";
import { ValidationError } from "../../errors/validation-error.js";
import { EndpointError } from "../../endpoints.js";
import type { AcceptedFacts, ItemRecord } from "../journal/journal.js";
import { type PrepaidTicket, withPrepaidToken } from "../limited-fetch.js";
import type { RateBudget } from "../rate-limiter.js";
import type { PlanService } from "../restore-operations.js";
import type { RestoreTracking, ServiceCall } from "../tracking.js";
import type { ItemMover } from "./item-mover.js";

/** Backoff before an item refused before processing (or never sent) is sent again. */
const retryDelayMs = (attempt: number) => Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random() / 2);

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A refusal the service gave for this item (its reason), as opposed to one about the caller's credentials or configuration. */
const isItemRefusal = (error: ApiError) => error.status !== 401 && error.status !== 403 && error.status !== 429;

/**
 * Sends items and settles what each send did, from its fate: accepted, refused (with the
 * service's reason, or again later after a 429), not sent (again later), or unknown
 * (reconciled from the service's records, never resent blindly).
 */
export class Submitter {
  readonly #work = new Set<Promise<void>>();
  /** Items being sent (waiting for a rate token, or on the wire): never submitted twice at once. */
  readonly #busy = new Set<string>();
  /** Restores of each service waiting for a rate token. */
  readonly #drawing = new Map<PlanService, number>();
  /** An error about the run itself (credentials, configuration): the run stops. */
  fatal: unknown;

  constructor(
    private readonly mover: ItemMover,
    private readonly calls: Readonly<Record<PlanService, ServiceCall>>,
    private readonly trackings: Readonly<Record<PlanService, RestoreTracking>>,
    private readonly budgetOf: (service: PlanService) => RateBudget,
    /** Whether new restores may leave now (not after Ctrl-C, a pause or a cancel): checked again once a token is drawn. */
    private readonly mayStart: () => boolean,
    /** With other workers: how long after its move to `sending` a restore may still leave (half the lease). */
    private readonly sendWindowMs?: number,
  ) {}

  get inFlight(): number {
    return this.#work.size;
  }

  /** Restores of `service` waiting for a rate token now. */
  drawing(service: PlanService): number {
    return this.#drawing.get(service) ?? 0;
  }

  async drain(): Promise<void> {
    while (this.#work.size) await Promise.all(this.#work);
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.fatal ??= error;
    });
    this.#work.add(tracked);
    void tracked.finally(() => this.#work.delete(tracked));
  }

  /**
   * Settles what a previous run (or a worker that died) left in the items this worker holds:
   * items in `sending` are reconciled; items in doubt are sent again when the operator named
   * them, and otherwise looked at again (the evidence may have appeared); accepted and waiting
   * items are followed.
   */
  async recover(resend: ReadonlySet<string>, follow: (item: ItemRecord) => void): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const item of this.mover.held()) {
      if (item.state === "in-doubt" && resend.has(item.id)) jobs.push(this.#send(item, follow));
      else if (item.state === "in-doubt") jobs.push(this.#reconcile(item, follow));
      else this.takeOver(item, follow);
    }
    await Promise.all(jobs);
    // Items still in doubt are settled: nothing more to do with them until the operator acts.
    for (const item of this.mover.held()) if (item.state === "in-doubt") this.mover.drop(item.id, false);
  }

  /**
   * Goes on with an item claimed in the middle of its work (from a worker that died, or from
   * this worker's own previous run): an item in `sending` is reconciled from the service's
   * records, an accepted or waiting one is followed. Pending items wait for their turn.
   */
  takeOver(item: ItemRecord, follow: (item: ItemRecord) => void): void {
    if (item.state === "accepted" || item.state === "waiting") follow(item);
    else if (item.state === "sending" && !this.#busy.has(item.id)) {
      this.#busy.add(item.id);
      this.#track(
        this.#reconcile(item, follow).finally(() => {
          this.#busy.delete(item.id);
          // Found not started, it is pending again: in the queue (a hand-out while this ran was ignored).
          this.mover.requeue(item.id);
        }),
      );
    }
  }

  /** Whether an item is being sent now. */
  busy(id: string): boolean {
    return this.#busy.has(id);
  }

  submit(item: ItemRecord, follow: (item: ItemRecord) => void): void {
    // Being reconciled or sent: what does that puts the item back in the queue when it is done.
    if (this.#busy.has(item.id)) return;
    this.#busy.add(item.id);
    this.#track(
      this.#send(item, follow).finally(() => {
        this.#busy.delete(item.id);
        // Not sent (the move to `sending` was refused, or it went back to pending): in the queue again.
        this.mover.requeue(item.id);
      }),
    );
  }

  async #send(item: ItemRecord, follow: (item: ItemRecord) => void): Promise<void> {
    // The rule that makes a crash safe: the move to `sending` is committed before the restore
    // leaves. The rate token is drawn first, so that the restore leaves right after the commit.
    const budget = this.budgetOf(item.service);
    this.#drawing.set(item.service, this.drawing(item.service) + 1);
    try {
      await budget.acquire(undefined, "send");
    } finally {
      this.#drawing.set(item.service, this.drawing(item.service) - 1);
    }
    const ticket: PrepaidTicket = { used: false, throttles: budget.throttles, refused: false, sendBy: this.sendWindowMs === undefined ? undefined : performance.now() + this.sendWindowMs };
    const current = this.mover.get(item.id);
    // Waiting for the token may have taken a while: the run may have been stopped or paused since, or the item lost.
    if (!current || (current.state !== "pending" && current.state !== "in-doubt") || (current.state === "pending" && !this.mayStart())) return;
    const sending = await this.mover.move(current, "sending", { attempt: current.attempt + 1, sentAt: new Date(), notBefore: null, reason: null });
    if (!sending) return;
    const tracking = this.trackings[item.service];
    let answer: Awaited<ReturnType<RestoreTracking["restore"]>>;
    try {
      // One attempt per move to `sending`: a refusal before processing (429, 503) or a request
      // that never left goes back to `pending` and is sent again as a new, journalled attempt.
      // An item is thus in `sending` only while its one request is on the wire, and a crash
      // leaves few items to reconcile.
      const call = this.calls[item.service];
      answer = await withPrepaidToken(ticket, () => tracking.restore((op, input, options) => call(op, input, { ...options, maxRetries: 0 }), item.input));
    } catch (error) {
      if (ticket.refused) {
        // Certainly not sent: the send window closed first (a lease that may have run out).
        const reason = "the worker's lease may have run out before the restore could leave; nothing was sent";
        await this.mover.move(sending, "pending", {}, { fate: "not-sent", reason });
        return;
      }
      await this.#afterRefusal(sending, error, follow);
      return;
    }
    const facts = { ...tracking.accepted(item.input, answer.body), requestId: answer.received.requestId };
    await this.#accept(sending, facts, { requestId: answer.received.requestId, fate: "accepted" }, follow);
  }

  async #accept(item: ItemRecord, facts: AcceptedFacts, event: { requestId?: string | undefined; fate?: string; detail?: unknown }, follow: (item: ItemRecord) => void): Promise<void> {
    if (!facts.watch) {
      // Accepted, but the answer names nothing to follow (an RDS answer without job_id).
      await this.mover.move(item, "in-doubt", { accepted: facts, reason: "the restore was accepted, but its answer names nothing to follow; check the target", evidence: { accepted: facts } }, event);
      return;
    }
    const accepted = await this.mover.move(item, "accepted", { accepted: facts, acceptedAt: "now" }, event);
    if (accepted) follow(accepted);
  }

  async #afterRefusal(item: ItemRecord, error: unknown, follow: (item: ItemRecord) => void): Promise<void> {
    const fate = error instanceof RestoreKitError ? error.fate : "unknown";
    const event = { fate, requestId: error instanceof ApiError ? error.requestId : undefined, reason: describe(error) };
    if (fate === "unknown") return this.#reconcile(item, follow, describe(error));
    if (fate === "accepted") {
      const facts = this.trackings[item.service].accepted(item.input, undefined);
      return this.#accept(item, facts, { ...event, detail: { error: describe(error) } }, follow);
    }
    if (error instanceof AuthError || error instanceof EndpointError || error instanceof ValidationError || (error instanceof ApiError && (error.status === 401 || error.status === 403))) {
      // About the run (credentials, configuration), not the item: nothing was applied; stop.
      await this.mover.move(item, "pending", {}, event);
      this.fatal ??= error;
      return;
    }
    if (fate === "refused" && error instanceof ApiError && isItemRefusal(error) && error.status !== 503) {
      // The service's own words: "404 BackupService.4040: The backup … does not exist. (request id …)".
      const reason = `${error.status} ${error.message.replace(/^.*?failed with HTTP \d+: /, "")}`;
      await this.mover.move(item, "failed", { reason, finishedAt: "now" }, event);
      return;
    }
    // Refused before processing (429, 503) or never sent: again later.
    const wait = error instanceof RateLimitError && error.retryAfterMs !== undefined ? error.retryAfterMs : retryDelayMs(item.attempt);
    await this.mover.move(item, "pending", { notBefore: new Date(Date.now() + wait) }, event);
  }

  /** Reads the service's records to tell whether the restore of an item in `sending` (or in doubt) started. */
  async #reconcile(item: ItemRecord, follow: (item: ItemRecord) => void, why?: string): Promise<void> {
    const tracking = this.trackings[item.service];
    let evidence: Awaited<ReturnType<RestoreTracking["evidence"]>>;
    try {
      evidence = await tracking.evidence(this.calls[item.service], item.input, item.sentAt ?? new Date());
    } catch (error) {
      evidence = { verdict: "unknown", evidence: { readFailed: describe(error) } };
    }
    const detail = { evidence: evidence.evidence, ...(why ? { after: why } : {}) };
    if (evidence.verdict === "started") {
      await this.#accept(item, evidence.facts, { fate: "accepted", detail }, follow);
    } else if (evidence.verdict === "not-started" && item.state === "sending") {
      await this.mover.move(item, "pending", { evidence: detail }, { fate: "not-sent", detail, reason: "the service's records show the restore did not start" });
    } else if (item.state === "sending") {
      const reason = "the restore may have been applied, and the service's records cannot tell: check it, then resend it with --resend-in-doubt if it did not start";
      await this.mover.move(item, "in-doubt", { evidence: detail, reason }, { fate: "unknown", detail, reason });
    }
  }
}
