import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { type EmulatorFixtures, FixturesError, sampleFixtures, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";
import { schemaShape, typeShape } from "../support/type-shape.js";

const root = resolve(import.meta.dirname, "../..");
const schemaPath = resolve(root, "src/emulator/fixtures.schema.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), "restorekit-fixtures-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const broken = (change: (f: { -readonly [K in keyof EmulatorFixtures]: unknown[] }) => void): unknown => {
  const copy = structuredClone(sampleFixtures) as unknown as { -readonly [K in keyof EmulatorFixtures]: unknown[] };
  change(copy);
  return copy;
};

async function startError(fixtures: unknown): Promise<Error> {
  try {
    const e = await startEmulator({ port: 0, fixtures: fixtures as EmulatorFixtures });
    await e.stop();
  } catch (error) {
    return error as Error;
  }
  throw new Error("the emulator started");
}

describe("the fixtures schema", () => {
  it("describes exactly the EmulatorFixtures type: every field, its type and whether it is required (change both together)", () => {
    expect(schemaShape(schema as never)).toEqual(typeShape(resolve(root, "src/emulator/fixtures.ts"), "EmulatorFixtures"));
  }, 30_000);

  it("is a valid JSON Schema 2020-12 that a general validator (ajv) agrees with: the sample passes, broken fixtures fail", () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(sampleFixtures)).toBe(true);
    expect(validate(broken((f) => delete (f.servers[0] as Record<string, unknown>).volumeIds))).toBe(false);
  });

  it("is published as restorekit/emulator/fixtures.schema.json", () => {
    const resolved = execFileSync(process.execPath, ["--input-type=module", "-e", 'console.log(import.meta.resolve("restorekit/emulator/fixtures.schema.json"))'], { cwd: root, encoding: "utf8" });
    expect(new URL(resolved.trim()).pathname).toBe(schemaPath);
  });
});

describe("fixtures the emulator cannot start from: FixturesError naming the field", () => {
  const cases: [string, unknown, RegExp][] = [
    ["a server without volumeIds", broken((f) => delete (f.servers[0] as Record<string, unknown>).volumeIds), /^fixtures: servers\[0\]\.volumeIds is required \[required\]$/],
    ["volumeIds that are not a list", broken((f) => ((f.servers[0] as Record<string, unknown>).volumeIds = "disk-1")), /servers\[0\]\.volumeIds must be array, not string \[type\]/],
    ["an unknown field", broken((f) => ((f.volumes[0] as Record<string, unknown>).size = 40)), /volumes\[0\]\.size is not a documented field \[additionalProperties\]/],
    ["a resource type that does not exist", broken((f) => ((f.cbrBackups[0] as Record<string, unknown>).resourceType = "OS::Nova::Disk")), /cbrBackups\[0\]\.resourceType must be one of "OS::Nova::Server", "OS::Cinder::Volume" \[enum\]/],
    ["a missing collection", broken((f) => delete (f as Record<string, unknown>).rdsInstances), /rdsInstances is required/],
    ["two volumes with one id", broken((f) => f.volumes.push(structuredClone(f.volumes[0]))), /volumes\[3\]\.id "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" is also the id of volumes\[0\]/],
    ["a server disk that is not a volume", broken((f) => ((f.servers[1] as { volumeIds: string[] }).volumeIds = ["no-such-disk"])), /servers\[1\]\.volumeIds\[0\] "no-such-disk" is not the id of an entry of volumes/],
  ];
  for (const [what, fixtures, message] of cases) {
    it(what, async () => {
      const error = await startError(fixtures);
      expect(error).toBeInstanceOf(FixturesError);
      expect(error.message).toMatch(message);
    });
  }

  it("a file: missing, not JSON, or with a field at fault; `restorekit emulator` exits 2 and names it", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(broken((f) => delete (f.servers[0] as Record<string, unknown>).volumeIds)));
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ servers: [] }");
    for (const [path, message] of [
      [join(dir, "missing.json"), `--fixtures: fixtures file ${join(dir, "missing.json")}: no such file`],
      [notJson, `--fixtures: fixtures file ${notJson}: not JSON (`],
      [bad, `--fixtures: fixtures file ${bad}: servers[0].volumeIds is required [required]`],
    ] as const) {
      const r = await runCli(["emulator", "--port", "0", "--fixtures", path]);
      expect(r.code).toBe(2);
      expect(r.stderr.startsWith(`restorekit: ${message}`)).toBe(true);
      expect(r.stdout).not.toContain("listening");
    }
  });
});
