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

/** Every spec's servers, keyed by service: the SDK's table of regional endpoints. */
export function emitEndpoints(apis: readonly ApiEntry[]): string {
  const table: Record<string, ServerSpec[]> = {};
  for (const api of apis) {
    const servers = (loadDereferenced(api.file).servers ?? []) as JsonObject[];
    table[api.name] = servers.map((s, i) => server(s, `${api.relative}#/servers/${i}`));
  }
  return [
    banner(apis.map((a) => a.relative).join(", ")),
    "",
    'import type { ServerSpec } from "../src/spec/server.js";',
    "",
    "/** Regional endpoints per service, from each spec's `servers`. */",
    `export const servers = ${JSON.stringify(table, null, 2)} as const satisfies Record<string, readonly ServerSpec[]>;`,
    "",
  ].join("\n");
}
