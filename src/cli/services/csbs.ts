import { type CsbsItemState, judgeCsbs } from "../../waiters/targets.js";
import { csbsInput } from "../restore-inputs.js";
import type { ServiceCli } from "../service-cli.js";

const item = "504b7d59-c361-411f-9ed3-814f35d08e3d";

/** CSBS: a server from a backup (checkpoint item) of a backup record (checkpoint); followed by reading the backup. */
export const csbsCli: ServiceCli<ReturnType<typeof csbsInput>> = {
  service: "csbs",
  summary: "restore a server from a CSBS backup",
  restore: {
    synopsis: "--checkpoint-id C --checkpoint-item-id I --server-id S --map BACKUP:VOLUME ... [--no-power-on]",
    flags: [
      { name: "checkpoint-id", value: "ID", help: "the backup record (checkpoint) the backup belongs to", required: true },
      { name: "checkpoint-item-id", value: "ID", help: "the backup (checkpoint item) to restore; status and wait follow it", required: true },
      { name: "server-id", value: "ID", help: "the server to restore to", required: true },
      { name: "map", value: "BACKUP:VOLUME", multiple: true, help: "repeatable, at least one: a disk backup of the backup and the server's disk it is restored to", required: true },
      { name: "no-power-on", help: "leave the server powered off after the restore", default: "powered on" },
    ],
    example: `restorekit csbs restore --cloud otc --region eu-de --checkpoint-id a2b9fb53-2770-4fcd-9bad-6cadd56e6c09 \\
    --checkpoint-item-id ${item} --server-id f45c477a-57e5-465f-999f-d845083962db \\
    --map bc118c24-3234-4afd-8423-d66d3d677649:ee27f809-6fb5-40ae-ac46-c932bb4ee8fe --wait`,
    operation: "createRestore",
    uses: ["csbs"],
    fields: {
      "restore.checkpoint_id": "--checkpoint-id",
      "restore.parameters.checkpoint_item_id": "--checkpoint-item-id",
      "restore.parameters.targets.server_id": "--server-id",
      "restore.parameters.targets.volumes[]": "--map",
    },
    prepare: (flags) => ({ input: csbsInput(flags) }),
    send: (rk, input, options) => rk.csbs.createRestore(input, options),
    targetId: (input) => input.restore.parameters.checkpoint_item_id,
  },
  target: {
    flag: { name: "checkpoint-item-id", value: "ID", help: "the backup being restored (the restore's --checkpoint-item-id)", required: true },
    fields: { checkpointItemId: "--checkpoint-item-id" },
    noun: "backup",
    uses: ["csbs"],
    meaning: "the backup is restoring while the restore runs, then available again; error (with its fail_reason) when it failed",
    example: `restorekit csbs wait --cloud otc --region eu-de --checkpoint-item-id ${item}`,
  },
  read: (rk, id, options) => rk.csbs.showCheckpointItem({ checkpointItemId: id }, options),
  wait: (rk, id, options) => rk.csbs.waitForRestore(id, options),
  judge: (state) => judgeCsbs(state as CsbsItemState),
};
