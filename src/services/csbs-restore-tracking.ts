import { createRestore, listCheckpointItems, showCheckpointItem } from "../../generated/operations/csbs.js";
import type { AcceptedFacts } from "../plan/journal/journal.js";
import { type Followed, type RestoreTracking, type ServiceCall, type StatusRead, changedAfter, readForPreflight } from "../plan/tracking.js";
import { checkMappedDisks, expectStatus, member } from "./preflight-reads.js";
import { type CsbsItemState, judgeCsbs } from "../waiters/targets.js";
import { readResource, resourceState, statesEvidence } from "./restore-evidence.js";

const itemOf = (input: Record<string, unknown>) =>
  String((input.restore as { parameters?: { checkpoint_item_id?: unknown } } | undefined)?.parameters?.checkpoint_item_id ?? "");

const progressOf = (item: Record<string, unknown> | undefined) => {
  const p = Number((item?.extend_info as { progress?: unknown } | undefined)?.progress);
  return Number.isFinite(p) ? p / 100 : undefined;
};

/** One page of the checkpoint items list, by ID, and the answer it came in. */
async function listItems(call: ServiceCall, query: Record<string, unknown>) {
  const { body, received } = await call(listCheckpointItems, query);
  const items = new Map(((body as { checkpoint_items?: Record<string, unknown>[] } | null)?.checkpoint_items ?? []).map((i) => [String(i.id), i]));
  return { items, received };
}

/** Backups on one page of the list of those that became available: small enough to stay far below a response's size limit. */
const endedPage = 200;
/** Pages of that list read at the most (as many backups as the single page of 1,000 this replaced). */
const endedPages = 5;

/**
 * The restores of `left` that ended, from the backups that became available, latest first,
 * page by page: it stops once every one is found, or a page reaches backups last changed before
 * the earliest of these restores was sent (the rest changed earlier still).
 */
async function endedSince(call: ServiceCall, left: readonly Followed[]): Promise<Map<string, StatusRead>> {
  const reads = new Map<string, StatusRead>();
  const wanted = new Map(left.map((f) => [f.facts.watch, f]));
  const earliest = new Date(Math.min(...left.map((f) => f.sentAt.getTime())));
  let marker: string | undefined;
  for (let page = 0; page < endedPages && wanted.size; page++) {
    const ended = await listItems(call, { status: "available", sort: "updated_at:desc", limit: endedPage, ...(marker ? { marker } : {}) });
    let older = false;
    for (const [id, item] of ended.items) {
      const state = resourceState(item, ended.received, "csbs.listCheckpointItems");
      older ||= state.changedAt !== undefined && !changedAfter(state.changedAt, earliest);
      const f = wanted.get(id);
      if (!f) continue;
      wanted.delete(id);
      reads.set(id, { verdict: judgeCsbs({ checkpoint_item: item } as CsbsItemState), certain: changedAfter(state.changedAt, f.sentAt) });
    }
    marker = [...ended.items.keys()].at(-1);
    if (older || ended.items.size < endedPage || !marker) break;
  }
  return reads;
}

/**
 * CSBS: the backup (checkpoint item) is watched (`restoring`, then `available` or `error`), with
 * its `progress`. One list of the backups being restored covers them all; the first pages of
 * the backups that became available, latest first, find the restores that ended, and a backup in
 * neither (one that failed, say) is read on its own. CSBS keeps no record of restoration tasks, so its status is
 * the evidence.
 */
export const csbsRestoreTracking: RestoreTracking = {
  service: "csbs",
  restore: (call, input) => call(createRestore, input),
  accepted: (input, answer): AcceptedFacts => {
    const id = (answer as { restore?: { id?: unknown } } | undefined)?.restore?.id;
    return { watch: itemOf(input), ids: typeof id === "string" ? { restore_id: id } : {} };
  },
  async read(call, f) {
    const { body, received } = await call(showCheckpointItem, { checkpointItemId: f.facts.watch });
    const item = (body as { checkpoint_item?: Record<string, unknown> } | null)?.checkpoint_item;
    const state = resourceState(item, received, "csbs.showCheckpointItem");
    return { verdict: judgeCsbs(body as CsbsItemState), progress: progressOf(item), certain: changedAfter(state.changedAt, f.sentAt) };
  },
  async readMany(call, followed) {
    const restoring = await listItems(call, { status: "restoring", limit: 1000 });
    const reads = new Map<string, StatusRead>();
    const left: Followed[] = [];
    for (const f of followed) {
      const item = restoring.items.get(f.facts.watch);
      if (item) reads.set(f.facts.watch, { verdict: { status: "restoring", outcome: "pending" }, progress: progressOf(item), certain: true });
      else left.push(f);
    }
    if (left.length) {
      // Restores no longer restoring have most likely ended: the backups that became available
      // last come first, so the first pages find them all, instead of a read of each.
      for (const [watch, read] of await endedSince(call, left)) reads.set(watch, read);
    }
    return reads;
  },
  async evidence(call, input, sentAt) {
    const item = await readResource(call, showCheckpointItem, { checkpointItemId: itemOf(input) }, "checkpoint_item");
    return statesEvidence([{ ...item, restoring: ["restoring", "waiting_restore"] }], sentAt, { watch: itemOf(input), ids: {} });
  },
  async preflight(call, input) {
    const read = await readForPreflight(call, showCheckpointItem, { checkpointItemId: itemOf(input) }, "restore.parameters.checkpoint_item_id", "backup");
    if (read.problem) return [read.problem];
    const item = member(read.body, "checkpoint_item");
    const problems = [...expectStatus("restore.parameters.checkpoint_item_id", "backup", item.status, ["available"])];
    const targets = ((input.restore as { parameters?: { targets?: { server_id?: string; volumes?: { backup_id: string; volume_id: string }[] } } } | undefined)?.parameters?.targets ?? {});
    const volumes = targets.volumes ?? [];
    problems.push(...(await checkMappedDisks(call, volumes, (i) => `restore.parameters.targets.volumes[${i}].volume_id`, targets.server_id)));
    return problems;
  },
  notFoundGraceMs: 0,
};
