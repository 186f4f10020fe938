import { servers } from "../../generated/endpoints.js";

/** `restorekit regions`: every service's clouds, regions and endpoint, from the specs. */
export function regionsCommand(json: boolean, out: NodeJS.WritableStream): void {
  const rows = Object.entries(servers).flatMap(([service, list]) =>
    list.flatMap((s) => s.regions.map((region) => ({ service, cloud: s.cloud, region, endpoint: s.url.replace("{region}", region) }))),
  );
  if (json) {
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const width = (key: keyof (typeof rows)[number]) => Math.max(key.length, ...rows.map((r) => r[key].length));
  const cols = ["service", "cloud", "region", "endpoint"] as const;
  const line = (r: Record<(typeof cols)[number], string>) => cols.map((c) => r[c].padEnd(width(c))).join("  ").trimEnd();
  out.write(`${line({ service: "SERVICE", cloud: "CLOUD", region: "REGION", endpoint: "ENDPOINT" })}\n`);
  for (const r of rows) out.write(`${line(r)}\n`);
}
