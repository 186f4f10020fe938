import { listVolumes } from "../../generated/operations/vbs.js";
import { type PreflightProblem, type ServiceCall } from "../plan/tracking.js";

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `body[member]`, as an object, or `{}`. */
export const member = (body: unknown, name: string): Json => (isJson(body) && isJson(body[name]) ? body[name] : {});

/** A status the preflight requires, as a problem when it differs. */
export function expectStatus(field: string, what: string, status: unknown, wanted: readonly string[]): PreflightProblem[] {
  return typeof status === "string" && wanted.includes(status) ? [] : [[field, "status", `${field}: the ${what} is ${String(status)}, and must be ${wanted.join(" or ")} to be restored`]];
}

/** The disks named, by ID (EVS, at most 60 a read): each with its status, size and the server it is attached to. */
export async function disksById(call: ServiceCall, ids: readonly string[]): Promise<Map<string, { status: string; size: number; servers: string[] }>> {
  const out = new Map<string, { status: string; size: number; servers: string[] }>();
  for (let i = 0; i < ids.length; i += 60) {
    const chunk = ids.slice(i, i + 60);
    const { body } = await call(listVolumes, { ids: `[${chunk.map((id) => `'${id}'`).join(",")}]`, limit: 60 });
    for (const v of (isJson(body) && Array.isArray(body.volumes) ? body.volumes : []) as Json[]) {
      const attachments = Array.isArray(v.attachments) ? (v.attachments as Json[]) : [];
      out.set(String(v.id), { status: String(v.status), size: Number(v.size), servers: attachments.map((a) => String(a.server_id)) });
    }
  }
  return out;
}

/** Each mapped disk exists and is a disk of `server` (when one is named). */
export async function checkMappedDisks(call: ServiceCall, mappings: readonly { readonly volume_id: string }[], at: (i: number) => string, server?: string): Promise<PreflightProblem[]> {
  const disks = await disksById(call, mappings.map((m) => m.volume_id));
  const problems: PreflightProblem[] = [];
  mappings.forEach((m, i) => {
    const disk = disks.get(m.volume_id);
    if (!disk) problems.push([at(i), "exists", `${at(i)}: the disk ${m.volume_id} does not exist`]);
    else if (server !== undefined && !disk.servers.includes(server)) problems.push([at(i), "attached", `${at(i)}: the disk ${m.volume_id} is not a disk of server ${server}`]);
  });
  return problems;
}
