import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";

/** A token that `ps` cannot see (--token-file, stdin), never echoed; and a dry run that says where credentials come from. */
let emulator: Emulator;
let token: string;
let dir: string;
const operations: string[] = [];
const status = () => ["vbs", "status", "--endpoint", emulator.url, "--project-id", emulator.credentials.projectId, "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"];
const restore = () => ["vbs", "restore", "--endpoint", emulator.url, "--project-id", emulator.credentials.projectId, "--backup-id", "1d1139d8-8989-49d3-8aa1-83eb691e6db2", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, restoreDurationMs: 60_000, log: (line) => operations.push((JSON.parse(line) as { operation: string }).operation) });
  const c = emulator.credentials;
  const login = await fetch(`${emulator.url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } } }),
  });
  token = login.headers.get("x-subject-token") ?? "";
  expect(token).toMatch(/^MIIemulator/);
  dir = mkdtempSync(join(tmpdir(), "restorekit-token-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await emulator.stop();
});

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};

describe("--token-file", () => {
  it("reads the token from a file, dropping one trailing newline (LF or CRLF), and never prints it, even with --verbose", async () => {
    for (const [name, content] of [["lf", `${token}\n`], ["crlf", `${token}\r\n`], ["none", token]] as const) {
      const r = await runCli([...status(), "--token-file", file(name, content), "--verbose"]);
      expect(r.stderr).not.toContain(token);
      expect(r.stdout).not.toContain(token);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("X-Auth-Token: [REDACTED]");
    }
  });

  it("- reads standard input", async () => {
    const r = await runCli([...status(), "--token-file", "-"], {}, undefined, { input: `${token}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: available/);
  });

  it("only one newline is dropped: a token that still holds one is refused before sending, without being shown", async () => {
    const before = operations.length;
    const r = await runCli([...status(), "--token-file", file("two", `${token}\n\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/X-Auth-Token header the auth mode produced .*nothing was sent/);
    expect(r.stderr + r.stdout).not.toContain(token);
    expect(operations.length).toBe(before);
  });

  it("a missing, empty or unreadable file is a usage error naming the flag, not the content", async () => {
    const missing = await runCli([...status(), "--token-file", join(dir, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`restorekit: --token-file ${join(dir, "nope")}: no such file\n`);
    const empty = await runCli([...status(), "--token-file", file("empty", "\n")]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--token-file .*empty holds no token/);
    const folder = await runCli([...status(), "--token-file", dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/--token-file .*: it is a directory/);
  });

  it("a printed follow-up command names the token file (a path), never the token; after --token it says to give the credentials again", async () => {
    const path = file("follow", token);
    const viaFile = await runCli([...restore(), "--token-file", path]);
    expect(viaFile.code).toBe(0);
    expect(viaFile.stdout).toContain(`--token-file ${path} --volume-id`);
    expect(viaFile.stdout).not.toContain(token);
    const rds = ["rds", "restore", "--endpoint", emulator.url, "--project-id", emulator.credentials.projectId, "--instance-id", "d8e6ca5a624745bcb546a227aa3ae1cfin01", "--backup-id", "2f4ddb93-b901-4b08-93d8-1d2e472f30fe"];
    const viaFlag = await runCli([...rds, "--token", token]);
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stdout).toMatch(/^To wait for it:\n {2}restorekit rds wait .*--job-id [0-9a-f-]{36}\n {2}\(credentials are never printed: give --token or --token-file again, or set them in the environment\)$/m);
    expect(viaFlag.stdout + viaFlag.stderr).not.toContain(token);
  });
});

describe("--dry-run says where the credentials come from", () => {
  it("with none at all: says so plainly, shows the request without credentials, exits 2 as the real run would, and sends nothing", async () => {
    const before = operations.length;
    const r = await runCli([...restore(), "--dry-run"], { RESTOREKIT_ECS_METADATA_DISABLED: "true" });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^dry run, nothing sent:\ncredentials: none found\nPOST /);
    expect(r.stdout).not.toMatch(/X-Auth-Token|Authorization/);
    expect(r.stderr).toMatch(/^restorekit: no credentials: .*The real run would stop before sending anything \(exit 2\)\.$/m);
    expect(operations.length).toBe(before);
  });

  it("with only the ECS metadata service to ask: says so, asks nothing, and exits 0", async () => {
    const before = operations.length;
    const r = await runCli([...restore(), "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^credentials: the temporary key of this ECS's agency, from the ECS metadata service \(not asked in a dry run; off an ECS the real run stops with exit 2, listing every source tried\)$/m);
    expect(operations.length).toBe(before);
  });

  it("with AK/SK, a token or a password login: names the source; a password login is not made", async () => {
    const c = emulator.credentials;
    const before = operations.length;
    const aksk = await runCli([...restore(), "--dry-run"], { HUAWEICLOUD_SDK_AK: c.ak, HUAWEICLOUD_SDK_SK: c.sk });
    expect(aksk.stdout).toMatch(/^credentials: an AK\/SK signature \(HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK\)$/m);
    expect(aksk.stdout).toMatch(/^Authorization: SDK-HMAC-SHA256 Access=\[REDACTED\], SignedHeaders=.*Signature=\[REDACTED\]$/m);
    const password = await runCli([...restore(), "--dry-run", "--json"], { OS_USERNAME: c.user, OS_PASSWORD: c.password, OS_USER_DOMAIN_NAME: c.domain });
    expect(password.code).toBe(0);
    expect(JSON.parse(password.stdout)).toMatchObject({ dryRun: true, credentials: expect.stringMatching(/IAM password login/), headers: { "X-Auth-Token": "[REDACTED]" } });
    expect(password.stdout).not.toContain(c.password);
    const file = await runCli([...restore(), "--dry-run", "--token-file", "-"], {}, undefined, { input: token });
    expect(file.stdout).toMatch(/^credentials: the token read from standard input \(--token-file\)$/m);
    expect(operations.slice(before)).toEqual([]);
  });
});
