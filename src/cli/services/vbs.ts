import { type VbsVolumeState, judgeVbs } from "../../waiters/targets.js";
import { vbsInput } from "../restore-inputs.js";
import type { ServiceCli } from "../service-cli.js";

const backup = "1d1139d8-8989-49d3-8aa1-83eb691e6db2";
const disk = "2748f2f2-4394-4e6e-af8d-8dd34496c024";

/** VBS: a disk restored from a disk backup; followed by reading the disk (EVS). */
export const vbsCli: ServiceCli<ReturnType<typeof vbsInput>> = {
  service: "vbs",
  summary: "restore a disk from a VBS backup",
  restore: {
    synopsis: "--backup-id B --volume-id V",
    flags: [
      { name: "backup-id", value: "ID", help: "the VBS backup to restore", required: true },
      { name: "volume-id", value: "ID", help: "the disk to restore it to (status and wait follow this disk)", required: true },
    ],
    example: `restorekit vbs restore --cloud otc --region eu-de --backup-id ${backup} --volume-id ${disk} --wait`,
    operation: "restoreBackup",
    uses: ["vbs"],
    fields: { backupId: "--backup-id", "restore.volume_id": "--volume-id" },
    prepare: (flags) => ({ input: vbsInput(flags) }),
    send: (rk, input, options) => rk.vbs.restoreBackup(input, options),
    targetId: (input) => input.restore.volume_id,
  },
  target: {
    flag: { name: "volume-id", value: "ID", help: "the disk being restored (the restore's --volume-id)", required: true },
    fields: { volumeId: "--volume-id" },
    noun: "disk",
    uses: ["evs"],
    meaning: "the disk is restoring-backup while the restore runs, then available (or in-use); error_restoring when it failed",
    example: `restorekit vbs wait --cloud otc --region eu-de --volume-id ${disk}`,
  },
  read: (rk, id, options) => rk.vbs.showVolume({ volumeId: id }, options),
  wait: (rk, id, options) => rk.vbs.waitForRestore(id, options),
  judge: (state) => judgeVbs(state as VbsVolumeState),
};
