import { ServiceRefusal, codes } from "../service-errors.js";
import type { Volume } from "../state.js";
import { type Handler, type HandlerContext, evsTime } from "./context.js";
import { paginate, textParam } from "./paging.js";

const { invalid } = codes.evs;

/** The most disks one `ids` query may name, as the page documents. */
const maxIds = 60;

/** `['id1','id2']` (the page's format), tolerating missing brackets, quotes or spaces. */
export function parseIds(text: string): string[] {
  return text
    .replace(/^\[|\]$/g, "")
    .split(",")
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ""))
    .filter((s) => s !== "");
}

function listed(c: HandlerContext, v: Volume, attachedTo: ReadonlyMap<string, { serverId: string; index: number }>): Record<string, unknown> {
  const attachment = attachedTo.get(v.id);
  return {
    id: v.id,
    name: v.name,
    status: v.status,
    size: v.sizeGb,
    updated_at: evsTime(c.state.updatedAt(v)),
    bootable: attachment?.index === 0 ? "true" : "false",
    multiattach: false,
    availability_zone: "emulator-az1",
    volume_type: "SSD",
    attachments: attachment
      ? [{ server_id: attachment.serverId, volume_id: v.id, id: v.id, device: `/dev/vd${String.fromCharCode(97 + attachment.index)}` }]
      : [],
    links: [{ href: `/v2/${c.projectId}/volumes/${v.id}`, rel: "self" }],
  };
}

/**
 * `GET /v2/{project_id}/cloudvolumes/detail`: the disks of the model, by `ids` (at most 60;
 * unknown IDs are left out) or `id`, filtered by `status`, `name`, `server_id` and
 * `multiattach` (no disk of the model is shared), paged by `limit` (at most 1000), `offset`
 * and `marker`; `count` is the number that match, whatever the page. The other filters are
 * accepted without effect.
 */
export const listVolumes: Handler = (c) => {
  const attachedTo = new Map<string, { serverId: string; index: number }>();
  for (const s of c.state.servers.values()) s.volumeIds.forEach((id, index) => attachedTo.set(id, { serverId: s.id, index }));
  const idsText = textParam(c, "ids");
  let list: Volume[];
  if (idsText !== undefined) {
    const ids = parseIds(idsText);
    if (ids.length > maxIds) throw new ServiceRefusal(400, invalid, `The query parameter ids names ${ids.length} disks; at most ${maxIds} may be queried at once.`);
    list = ids.flatMap((id) => c.state.volumes.get(id) ?? []);
  } else {
    const id = textParam(c, "id");
    list = id !== undefined ? [c.state.volumes.get(id) ?? []].flat() : [...c.state.volumes.values()];
  }
  const status = textParam(c, "status");
  const name = textParam(c, "name");
  const serverId = textParam(c, "server_id");
  const shared = textParam(c, "multiattach");
  list = list.filter((v) => (status === undefined || v.status === status) && (name === undefined || v.name === name));
  list = list.filter((v) => (serverId === undefined || attachedTo.get(v.id)?.serverId === serverId) && shared !== "true");
  const page = paginate(c, list, { defaultLimit: 1000, maxLimit: 1000, invalid, idOf: (v) => v.id });
  const last = page.items.at(-1);
  const next = last && page.more ? [{ href: `/v2/${c.projectId}/cloudvolumes/detail?limit=${page.limit}&marker=${last.id}`, rel: "next" }] : undefined;
  return { status: 200, body: { volumes: page.items.map((v) => listed(c, v, attachedTo)), count: page.total, ...(next ? { volumes_links: next } : {}) } };
};
