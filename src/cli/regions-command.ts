import { servers } from "../../generated/endpoints.js";
import type { Command, Flags, Io } from "./command.js";
import { UsageError, exitCodes } from "./exit-codes.js";
import { outputFlags, stringFlag } from "./flags.js";

const services = Object.keys(servers);
const clouds = ["huaweicloud", "otc"];

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value !== undefined && !allowed.includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  return value;
}

/** `restorekit regions`: every service's clouds, regions and endpoint, from the specs, filtered by cloud and service. */
function regions(flags: Flags, io: Io): Promise<number> {
  const cloud = oneOf("cloud", stringFlag(flags, "cloud"), clouds);
  const service = oneOf("service", stringFlag(flags, "service"), services);
  const rows = Object.entries(servers)
    .filter(([name]) => service === undefined || name === service)
    .flatMap(([name, list]) =>
      list.filter((s) => cloud === undefined || s.cloud === cloud).flatMap((s) => s.regions.map((region) => ({ service: name, cloud: s.cloud, region, endpoint: s.url.replace("{region}", region) }))),
    );
  if (flags.json === true) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return Promise.resolve(exitCodes.ok);
  }
  const cols = ["service", "cloud", "region", "endpoint"] as const;
  const width = (key: (typeof cols)[number]) => Math.max(key.length, ...rows.map((r) => r[key].length));
  const line = (r: Record<(typeof cols)[number], string>) => cols.map((c) => r[c].padEnd(width(c))).join("  ").trimEnd();
  io.stdout.write(`${line({ service: "SERVICE", cloud: "CLOUD", region: "REGION", endpoint: "ENDPOINT" })}\n`);
  for (const r of rows) io.stdout.write(`${line(r)}\n`);
  return Promise.resolve(exitCodes.ok);
}

export const regionsCommand: Command = {
  name: undefined,
  summary: "list clouds, regions and endpoints",
  synopsis: "[--cloud huaweicloud|otc] [--service SERVICE] [--json]",
  description: "Lists the regions and endpoints restorekit knows for each service, from the specs' servers.",
  groups: [
    {
      title: "Filters",
      flags: [
        { name: "cloud", value: "huaweicloud|otc", help: "only this cloud's regions", default: "both clouds" },
        { name: "service", value: services.join("|"), help: "only this service's regions (evs serves the disk reads of VBS, iam the logins)", default: "every service" },
      ],
    },
    outputFlags,
  ],
  example: "restorekit regions --cloud otc --service csbs",
  run: regions,
};
