import type { ItemState } from "../states.js";

/** An item moved. */
export interface ItemEvent {
  readonly type: "item";
  readonly at: Date;
  readonly worker: string;
  readonly item: string;
  readonly service: string;
  readonly from: ItemState;
  readonly to: ItemState;
  readonly attempt: number;
  /** The service's reason for a failure, or why the item is in doubt or was skipped. */
  readonly reason?: string | undefined;
  readonly requestId?: string | undefined;
  readonly fate?: string | undefined;
}

/** Counts by state, and the rate of the services' budgets, about once a second. */
export interface ProgressEvent {
  readonly type: "progress";
  readonly at: Date;
  readonly worker: string;
  readonly counts: Readonly<Record<ItemState, number>>;
  readonly requests: number;
  readonly throttled: number;
  /** Requests per second each budget allows now, by `cloud/region/service/project`. */
  readonly rates: Readonly<Record<string, number>>;
}

/**
 * A lease changed hands: this worker `lost` an item (its lease ran out, as when the process was
 * paused past it), or `reclaimed` one from another worker whose lease had run out.
 */
export interface LeaseEvent {
  readonly type: "lease";
  readonly at: Date;
  readonly worker: string;
  readonly phase: "lost" | "reclaimed";
  readonly item: string;
  /** For `reclaimed`: the worker the item came from. */
  readonly from?: string | undefined;
  /** The item's state when the lease changed hands. */
  readonly state: ItemState;
}

/**
 * The run started, was interrupted (Ctrl-C), or ended; or it obeyed the operator's
 * `plan pause`, `plan resume` or `plan cancel`, read from the journal.
 */
export interface RunEvent {
  readonly type: "run";
  readonly at: Date;
  readonly worker: string;
  readonly phase: "started" | "interrupted" | "finished" | "paused" | "resumed" | "cancelled";
  readonly plan: string;
  readonly detail?: string | undefined;
}

/** Every event `runPlan` reports, as NDJSON lines with `--json`. */
export type PlanEvent = ItemEvent | ProgressEvent | RunEvent | LeaseEvent;
