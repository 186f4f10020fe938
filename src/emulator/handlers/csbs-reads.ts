import { ServiceRefusal, codes } from "../service-errors.js";
import type { CsbsItem } from "../state.js";
import { type Handler, type HandlerContext, isoSeconds } from "./context.js";
import { paginate, textParam } from "./paging.js";

const { invalid } = codes.csbs;

function listed(c: HandlerContext, item: CsbsItem): Record<string, unknown> {
  const server = c.state.servers.get(item.serverId);
  return {
    id: item.id,
    name: item.name,
    checkpoint_id: item.checkpointId,
    resource_id: item.serverId,
    resource_type: "OS::Nova::Server",
    status: item.status,
    updated_at: isoSeconds(c.state.updatedAt(item)),
    extend_info: {
      resource_name: server?.name ?? "",
      supported_restore_mode: "backup",
      ...(item.failReason ? { fail_reason: item.failReason, fail_op: "restore" } : {}),
      volume_backups: item.volumeBackups.map((v, i) => {
        const volume = c.state.volumes.get(v.volumeId);
        return { id: v.id, name: `${item.name}-${i + 1}`, status: "available", bootable: i === 0, source_volume_id: v.volumeId, source_volume_name: volume?.name ?? "", source_volume_size: volume?.sizeGb ?? 0 };
      }),
    },
  };
}

/** The `sort` keys this model holds (a backup's creation and protection times are not modelled). */
const sortKeys = new Set(["updated_at", "name", "status", "id"]);

/**
 * Sorts by `sort`, `<key1>[:<direction>],<key2>[:<direction>]` (direction `desc` by default):
 * keys the model does not hold (`created_at`, `protected_at`) are accepted without effect.
 */
function sorted(c: HandlerContext, list: Record<string, unknown>[]): Record<string, unknown>[] {
  const spec = textParam(c, "sort");
  if (spec === undefined) return list;
  const keys = spec.split(",").map((part) => {
    const [key = "", direction = "desc"] = part.trim().split(":");
    if (!["created_at", "protected_at", ...sortKeys].includes(key) || !["asc", "desc"].includes(direction)) {
      throw new ServiceRefusal(400, invalid, `The query parameter sort ${JSON.stringify(spec)} is invalid: ${JSON.stringify(part)} is not <key>[:asc|desc] with a documented key.`);
    }
    return { key, sign: direction === "asc" ? 1 : -1 };
  });
  return [...list].sort((a, b) => {
    for (const { key, sign } of keys) {
      if (!sortKeys.has(key)) continue;
      const x = String(a[key] ?? "");
      const y = String(b[key] ?? "");
      if (x !== y) return x < y ? -sign : sign;
    }
    return 0;
  });
}

/**
 * `GET /v1/{project_id}/checkpoint_items`: the backups of the model in the order they were
 * loaded, filtered by `status`, `resource_id`, `checkpoint_id`, `resource_type`, and `name`
 * and `resource_name` (both fuzzy: the value is contained), sorted by `sort` (`updated_at`,
 * `name`, `status` and `id`), paged by `limit`, `offset` and `marker`. Availability zones,
 * times, image types and policies are accepted without effect.
 */
export const listCheckpointItems: Handler = (c) => {
  let list = [...c.state.csbsItems.values()].map((item) => listed(c, item));
  for (const name of ["status", "resource_id", "checkpoint_id", "resource_type"]) {
    const want = textParam(c, name);
    if (want !== undefined) list = list.filter((item) => item[name] === want);
  }
  const name = textParam(c, "name");
  if (name !== undefined) list = list.filter((item) => String(item.name).includes(name));
  const resourceName = textParam(c, "resource_name");
  if (resourceName !== undefined) list = list.filter((item) => String((item.extend_info as { resource_name: string }).resource_name).includes(resourceName));
  const page = paginate(c, sorted(c, list), { defaultLimit: 1000, invalid, idOf: (item) => String(item.id) });
  return { status: 200, body: { checkpoint_items: page.items } };
};
