import { ServiceRefusal, codes } from "../service-errors.js";
import { type Handler, acceptRestore, isoSeconds } from "./context.js";

interface CsbsRestore {
  checkpoint_id: string;
  provider_id: string;
  restore_target?: string;
  parameters: { checkpoint_item_id: string; power_on: boolean; targets: { server_id: string; volumes: { backup_id: string; volume_id: string }[] } };
}

const { invalid, notFound, busy, serverBusy } = codes.csbs;
const refuse = (status: number, code: string, message: string) => new ServiceRefusal(status, code, message);

/** `POST /v1/{project_id}/restores`: answers 200 with the restoration record, whose status starts `in_progress`. */
export const createRestore: Handler = (c) => {
  const restore = (c.body as { restore: CsbsRestore }).restore;
  const items = c.state.csbsCheckpoints.get(restore.checkpoint_id);
  if (!items) throw refuse(404, notFound, `The backup record restore.checkpoint_id ${restore.checkpoint_id} does not exist.`);
  const { checkpoint_item_id: itemId, targets } = restore.parameters;
  const item = c.state.csbsItems.get(itemId);
  if (!item || !items.includes(itemId)) {
    throw refuse(404, notFound, `The backup restore.parameters.checkpoint_item_id ${itemId} does not exist in backup record ${restore.checkpoint_id}.`);
  }
  if (item.status !== "available") throw refuse(400, busy, `item in executing: the backup ${itemId} is ${item.status}; only an available backup can be restored.`);
  const server = c.state.servers.get(targets.server_id);
  if (!server) throw refuse(404, notFound, `The server restore.parameters.targets.server_id ${targets.server_id} does not exist.`);
  // The page requires `volumes` and sets no minimum, but restoring a server from no disk backup restores nothing; the emulator refuses it.
  if (targets.volumes.length === 0) {
    throw refuse(400, invalid, `restore.parameters.targets.volumes maps no disk backup of backup ${itemId}; a restoration maps at least one.`);
  }
  const restoringDisk = targets.volumes.find((v) => c.state.volumes.get(v.volume_id)?.status === "restoring-backup");
  if (c.state.busyServers.has(server.id) || restoringDisk) {
    throw refuse(400, serverBusy, `The server is restoring: server ${server.id}${restoringDisk ? ` (disk ${restoringDisk.volume_id})` : ""} is being restored.`);
  }
  targets.volumes.forEach((v, i) => {
    if (!item.volumeBackups.some((b) => b.id === v.backup_id)) {
      throw refuse(400, invalid, `restore.parameters.targets.volumes[${i}].backup_id ${v.backup_id} is not a disk backup of backup ${itemId}.`);
    }
    if (!server.volumeIds.includes(v.volume_id)) {
      throw refuse(400, invalid, `restore.parameters.targets.volumes[${i}].volume_id ${v.volume_id} is not a disk of server ${server.id}.`);
    }
  });
  const id = c.newId();
  c.state.setStatus(item, "restoring", c.now());
  c.state.serverBusy(server.id, 1);
  acceptRestore(c, "csbs", itemId, (fails) => {
    c.state.serverBusy(server.id, -1);
    if (fails) item.failReason = c.failure?.reason ?? "restore failed";
    c.state.setStatus(item, fails ? "error" : "available", c.now());
  });
  return {
    status: 200,
    body: {
      restore: {
        id,
        checkpoint_id: restore.checkpoint_id,
        provider_id: restore.provider_id,
        project_id: c.projectId,
        parameters: restore.parameters,
        restore_target: restore.restore_target ?? "",
        status: "in_progress",
        resources_status: { [targets.server_id]: "in_progress" },
        resources_reason: {},
      },
    },
  };
};

/** `GET /v1/{project_id}/checkpoint_items/{checkpoint_item_id}`. */
export const showCheckpointItem: Handler = (c) => {
  const item = c.state.csbsItems.get(c.params.checkpoint_item_id as string);
  if (!item) throw refuse(404, notFound, `The backup ${c.params.checkpoint_item_id} does not exist.`);
  return {
    status: 200,
    body: {
      checkpoint_item: {
        id: item.id,
        checkpoint_id: item.checkpointId,
        name: item.name,
        resource_id: item.serverId,
        status: item.status,
        updated_at: isoSeconds(c.state.updatedAt(item)),
        extend_info: item.failReason ? { fail_reason: item.failReason, fail_op: "restore" } : {},
      },
    },
  };
};
