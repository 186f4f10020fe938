import type { ServerSpec } from "../src/spec/server.js";
import { banner } from "./lib/banner.js";
import { type ApiEntry, type JsonObject, loadDereferenced } from "./lib/specs.js";

function server(entry: JsonObject, where: string): ServerSpec {
  const cloud = entry["x-cloud"];
  if (cloud !== "huaweicloud" && cloud !== "otc") throw new Error(`${where}: x-cloud must be huaweicloud or otc`);
  const region = (entry.variables as JsonObject | undefined)?.region as JsonObject | undefined;
  const regions = region?.enum;
  if (!Array.isArray(regions) || regions.length === 0) {
    throw new Error(`${where}: the region variable needs an enum, so that unknown regions can be refused`);
  }
  return { cloud, url: String(entry.url), regions: regions.map(String) };
}

/** The endpoint table key of operation-level servers: the first label of their host (`evs`). */
export function endpointKey(servers: JsonObject[], where: string): string {
  const label = /^https:\/\/([a-z0-9-]+)\./.exec(String(servers[0]?.url ?? ""))?.[1];
  if (!label) throw new Error(`${where}: cannot name the endpoint of ${String(servers[0]?.url)}`);
  return label;
}

/** Every spec's servers, keyed by service: the SDK's table of regional endpoints. */
export function emitEndpoints(apis: readonly ApiEntry[]): string {
  const table: Record<string, ServerSpec[]> = {};
  for (const api of apis) {
    const spec = loadDereferenced(api.file);
    const servers = (spec.servers ?? []) as JsonObject[];
    table[api.name] = servers.map((s, i) => server(s, `${api.relative}#/servers/${i}`));
    // Operations served by another host (VBS's disk reads are EVS's) bring their own servers.
    for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
      for (const [method, op] of Object.entries(item as JsonObject)) {
        const own = (op as JsonObject).servers as JsonObject[] | undefined;
        if (!own) continue;
        const key = endpointKey(own, `${api.relative}#/paths/${path}/${method}`);
        const list = own.map((s, i) => server(s, `${api.relative}#/paths/${path}/${method}/servers/${i}`));
        if (table[key] && JSON.stringify(table[key]) !== JSON.stringify(list)) {
          throw new Error(`${api.relative}: operations disagree about the servers of "${key}"`);
        }
        table[key] = list;
      }
    }
  }
  const keys = Object.keys(table);
  return [
    banner(apis.map((a) => a.relative).join(", ")),
    "",
    'import type { ServerSpec } from "../src/spec/server.js";',
    "",
    ...keys.flatMap((key) => [
      `/** Regional endpoints of \`${key}\`. */`,
      `export const ${key} = ${JSON.stringify(table[key], null, 2)} as const satisfies readonly ServerSpec[];`,
      "",
    ]),
    "/** Regional endpoints per service, from each spec's `servers`. */",
    `export const servers = { ${keys.join(", ")} } as const;`,
    "",
  ].join("\n");
}
