import { createRestore, showCheckpointItem } from "../../generated/operations/csbs.js";
import type { AcceptedFacts } from "../plan/journal/journal.js";
import type { RestoreTracking } from "../plan/tracking.js";
import { type CsbsItemState, judgeCsbs } from "../waiters/targets.js";
import { statusEvidence } from "./restore-evidence.js";

const itemOf = (input: Record<string, unknown>) =>
  String((input.restore as { parameters?: { checkpoint_item_id?: unknown } } | undefined)?.parameters?.checkpoint_item_id ?? "");

/** CSBS: the backup (checkpoint item) is watched (`restoring`, then `available` or `error`), with its `progress`. */
export const csbsRestoreTracking: RestoreTracking = {
  service: "csbs",
  restore: (call, input) => call(createRestore, input),
  accepted: (input, answer): AcceptedFacts => {
    const id = (answer as { restore?: { id?: unknown } } | undefined)?.restore?.id;
    return { watch: itemOf(input), ids: typeof id === "string" ? { restore_id: id } : {} };
  },
  async read(call, facts) {
    const { body } = await call(showCheckpointItem, { checkpointItemId: facts.watch });
    const progress = Number((body as CsbsItemState | undefined)?.checkpoint_item?.extend_info?.progress);
    return { verdict: judgeCsbs(body as CsbsItemState), progress: Number.isFinite(progress) ? progress / 100 : undefined };
  },
  evidence: (call, input, sentAt) =>
    statusEvidence(call, { op: showCheckpointItem, input: { checkpointItemId: itemOf(input) }, member: "checkpoint_item" }, ["restoring", "waiting_restore"], sentAt, () => ({
      watch: itemOf(input),
      ids: {},
    })),
  doubtEarlyFinish: true,
  notFoundGraceMs: 0,
};
