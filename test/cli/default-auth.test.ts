import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";

let emulator: Emulator;
const lines: { operation: string }[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 17, log: (l) => lines.push(JSON.parse(l) as (typeof lines)[number]) });
});
afterAll(() => emulator.stop());

const count = (operation: string) => lines.filter((l) => l.operation === operation).length;

/** A clouds.yaml holding cloud `dr` (the emulator's password login) and an empty secure.yaml, so no file of this machine is read. */
function cloudsDir(): string {
  const d = mkdtempSync(join(tmpdir(), "restorekit-cli-clouds-"));
  const c = emulator.credentials;
  writeFileSync(join(d, "clouds.yaml"), `clouds:\n  dr:\n    region_name: eu-de\n    auth:\n      auth_url: ${emulator.url}/v3\n      username: ${c.user}\n      password: "${c.password}"\n      user_domain_name: ${c.domain}\n      project_id: ${c.projectId}\n`);
  writeFileSync(join(d, "secure.yaml"), "clouds: {}\n");
  return d;
}

describe("the CLI uses defaultAuth when no credential flag is given", () => {
  it("OS_CLOUD and clouds.yaml: the restore goes through, with the cloud's password login", async () => {
    const d = cloudsDir();
    const before = count("iam.createToken");
    const r = await runCli(["vbs", "restore", "--endpoint", emulator.url, "--backup-id", "1d1139d8-8989-49d3-8aa1-83eb691e6db2", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"], {
      OS_CLOUD: "dr",
      OS_CLIENT_CONFIG_FILE: join(d, "clouds.yaml"),
      OS_CLIENT_SECURE_FILE: join(d, "secure.yaml"),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(count("iam.createToken")).toBe(before + 1);
  });

  it("a dry run logs in nowhere; with no credentials at all, exit 2 and the list of what was tried", async () => {
    const d = cloudsDir();
    const before = lines.length;
    const dry = await runCli(["vbs", "restore", "--dry-run", "--endpoint", emulator.url, "--backup-id", "b", "--volume-id", "v"], { OS_CLOUD: "dr", OS_CLIENT_CONFIG_FILE: join(d, "clouds.yaml"), OS_CLIENT_SECURE_FILE: join(d, "secure.yaml") });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`/v2/${emulator.credentials.projectId}/backups/b/restore`);
    expect(lines.length).toBe(before);
    const none = await runCli(["vbs", "restore", "--endpoint", emulator.url, "--project-id", "p1", "--backup-id", "b", "--volume-id", "v"], { RESTOREKIT_ECS_METADATA_DISABLED: "true" });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no credentials: .*Tried: 1\. environment: .*; 2\. clouds\.yaml: OS_CLOUD is not set; 3\. ECS metadata service: left out/);
  });
});
