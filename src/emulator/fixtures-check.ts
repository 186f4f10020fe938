import type { Schema } from "../validation/schema.js";
import { validate } from "../validation/validate.js";
import type { EmulatorFixtures } from "./fixtures.js";
import fixturesSchema from "./fixtures.schema.json" with { type: "json" };

/** Fixtures the emulator cannot start from; the message names the file (when there is one) and the field at fault. */
export class FixturesError extends Error {
  override readonly name = "FixturesError";
}

type Collection = keyof EmulatorFixtures;

/** IDs that two entries of one collection share: a restore could not tell them apart. */
function duplicates(f: EmulatorFixtures): string[] {
  const problems: string[] = [];
  const check = (where: string, ids: readonly string[]) => {
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      const before = seen.get(id);
      if (before !== undefined) problems.push(`${where}[${i}].id ${JSON.stringify(id)} is also the id of ${where}[${before}]`);
      else seen.set(id, i);
    });
  };
  for (const key of ["servers", "volumes", "cbrBackups", "csbsCheckpoints", "vbsBackups", "rdsInstances"] as const satisfies readonly Collection[]) {
    check(key, f[key].map((x) => x.id));
  }
  check("csbsCheckpoints[].items", f.csbsCheckpoints.flatMap((c) => c.items.map((i) => i.id)));
  return problems;
}

/** References the emulator follows when it restores: a server's disks, and each RDS window. */
function references(f: EmulatorFixtures): string[] {
  const problems: string[] = [];
  const volumes = new Set(f.volumes.map((v) => v.id));
  f.servers.forEach((s, i) =>
    s.volumeIds.forEach((id, j) => {
      if (!volumes.has(id)) problems.push(`servers[${i}].volumeIds[${j}] ${JSON.stringify(id)} is not the id of an entry of volumes`);
    }),
  );
  f.rdsInstances.forEach((r, i) => {
    if (r.restorableWindow.earliest > r.restorableWindow.latest) problems.push(`rdsInstances[${i}].restorableWindow.earliest is after its latest`);
  });
  return problems;
}

/**
 * Checks fixtures against `fixtures.schema.json` (published as
 * `restorekit/emulator/fixtures.schema.json`), then the references a restore follows; throws
 * `FixturesError` naming every field at fault.
 */
export function checkFixtures(value: unknown, source: string): EmulatorFixtures {
  const issues = validate(fixturesSchema as unknown as Schema, value).map((i) => `${i.message} [${i.rule}]`);
  const problems = issues.length ? issues : [...duplicates(value as EmulatorFixtures), ...references(value as EmulatorFixtures)];
  if (problems.length) {
    const shown = problems.slice(0, 5).join("; ");
    throw new FixturesError(`${source}: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`);
  }
  return value as EmulatorFixtures;
}
