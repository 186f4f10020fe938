import type { PlanControl } from "../journal/coordination.js";
import type { EventRecord } from "../journal/journal.js";
import { type ItemState, itemStates } from "../states.js";

/** An item's lease taken over by a worker (`to`) from another (`from`) whose lease had run out. */
export interface LeaseChange {
  readonly at: string;
  readonly from: string | null;
  readonly to: string | null;
  /** The item's state when its lease changed hands. */
  readonly state: ItemState | null;
}

/** What one worker did in the run: the moves it made, the items it moved, the leases it reclaimed. */
export interface WorkerSummary {
  readonly name: string;
  readonly moves: number;
  readonly items: number;
  readonly reclaimed: number;
}

/** The operator's pause, resume or cancel of the run, and who asked. */
export interface ControlChangeRecord {
  readonly at: string;
  readonly control: PlanControl;
  readonly before: PlanControl | null;
  readonly by: string | null;
}

const controls: readonly PlanControl[] = ["run", "pause", "cancel"];
const isControl = (v: unknown): v is PlanControl => controls.includes(v as PlanControl);
const isState = (v: unknown): v is ItemState => itemStates.includes(v as ItemState);
const field = (detail: unknown, key: string): unknown => (typeof detail === "object" && detail !== null ? (detail as Record<string, unknown>)[key] : undefined);

/** An item's move from one state to another (not a lease taken over, which moves no state). */
export const isMove = (e: EventRecord): boolean => e.itemId !== null && e.to !== null;

/** A lease taken over: the journal's `reclaimed` event of an item. */
export const isReclaim = (e: EventRecord): boolean => e.itemId !== null && e.fate === "reclaimed" && e.to === null;

export function leaseChange(e: EventRecord): LeaseChange {
  const from = field(e.detail, "from");
  const state = field(e.detail, "state");
  return { at: e.at.toISOString(), from: typeof from === "string" ? from : null, to: e.worker, state: isState(state) ? state : null };
}

/** The operator's controls of the run, oldest first: the plan's events with no item that carry `control`. */
export function controlChanges(events: readonly EventRecord[]): ControlChangeRecord[] {
  return events.flatMap((e) => {
    const control = field(e.detail, "control");
    if (e.itemId !== null || !isControl(control)) return [];
    const before = field(e.detail, "before");
    return [{ at: e.at.toISOString(), control, before: isControl(before) ? before : null, by: e.worker }];
  });
}

/** Each worker that moved an item or reclaimed a lease, in the order it first did. */
export function workerSummaries(events: readonly EventRecord[]): WorkerSummary[] {
  const byName = new Map<string, { moves: number; items: Set<string>; reclaimed: number }>();
  for (const e of events) {
    if (e.worker === null || e.itemId === null || !(isMove(e) || isReclaim(e))) continue;
    const w = byName.get(e.worker) ?? { moves: 0, items: new Set<string>(), reclaimed: 0 };
    byName.set(e.worker, w);
    if (isMove(e)) {
      w.moves++;
      w.items.add(e.itemId);
    } else w.reclaimed++;
  }
  return [...byName].map(([name, w]) => ({ name, moves: w.moves, items: w.items.size, reclaimed: w.reclaimed }));
}
