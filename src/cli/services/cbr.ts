import { type CbrBackupState, judgeCbr } from "../../waiters/targets.js";
import { cbrInput } from "../restore-inputs.js";
import type { ServiceCli } from "../service-cli.js";

const backup = "a5200268-74a5-4806-acc6-95793ab0228b";

/** CBR: a server from a server backup (with disk mappings), or a disk from a disk backup; followed by reading the backup. */
export const cbrCli: ServiceCli<ReturnType<typeof cbrInput>> = {
  service: "cbr",
  summary: "restore a server or a disk from a CBR backup",
  restore: {
    synopsis: "--backup-id B (--server-id S --map BACKUP:VOLUME ... | --volume-id V) [--no-power-on]",
    description: "A backup of a server is restored to a server, each --map naming one of its disk backups and the disk it goes to; a backup of a disk is restored to a disk.",
    flags: [
      { name: "backup-id", value: "ID", help: "the CBR backup to restore (status and wait follow this backup)", required: true },
      { name: "server-id", value: "ID", help: "restore a whole server: the server to restore to (with --map)" },
      { name: "map", value: "BACKUP:VOLUME", multiple: true, help: "with --server-id, repeatable: a disk backup of the backup and the server's disk it is restored to" },
      { name: "volume-id", value: "ID", help: "restore a disk backup: the disk to restore it to" },
      { name: "no-power-on", help: "leave the server powered off after the restore", default: "powered on" },
    ],
    example: `restorekit cbr restore --cloud otc --region eu-de --backup-id ${backup} \\
    --server-id 94eba8b2-acc9-4d82-badc-127144cc5526 \\
    --map 5d822633-2bbf-4af8-a16e-5ab1c7705235:eccbcfdd-f843-4bbb-b2c0-a5ce861f9376 --wait`,
    operation: "restoreBackup",
    uses: ["cbr"],
    fields: { backupId: "--backup-id", "restore.server_id": "--server-id", "restore.volume_id": "--volume-id", "restore.mappings[]": "--map", "restore.power_on": "--no-power-on" },
    prepare: (flags) => ({ input: cbrInput(flags) }),
    send: (rk, input, options) => rk.cbr.restoreBackup(input, options),
    targetId: (input) => input.backupId,
  },
  target: {
    flag: { name: "backup-id", value: "ID", help: "the backup being restored (the restore's --backup-id)", required: true },
    fields: { backupId: "--backup-id" },
    noun: "backup",
    uses: ["cbr"],
    meaning: "the backup is restoring while the restore runs, then available again; error when it failed",
    example: `restorekit cbr wait --cloud otc --region eu-de --backup-id ${backup}`,
  },
  read: (rk, id, options) => rk.cbr.showBackup({ backupId: id }, options),
  wait: (rk, id, options) => rk.cbr.waitForRestore(id, options),
  judge: (state) => judgeCbr(state as CbrBackupState),
};
