import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { cliPath, runCli } from "../support/run-cli.js";
import { binFolder, runShell, startBackground, tryLines } from "../support/shell.js";

/** `restorekit emulator`: what it prints can be pasted and works; other machines get a URL they can use; startup errors are clear. */
const bin = binFolder();
afterAll(() => bin.remove());
const shellEnv = { PATH: `${bin.dir}:${process.env.PATH ?? ""}`, HOME: process.env.HOME ?? "/tmp" };

const networkAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === "IPv4" && !a.internal)?.address;

describe("restorekit emulator", () => {
  it("prints a Try block that, pasted into a shell exactly as printed, runs a restore to completion", async () => {
    const emulator = startBackground(process.execPath, [cliPath, "emulator", "--port", "0", "--restore-duration", "1500ms"], { env: { PATH: process.env.PATH ?? "" }, until: /Press Ctrl\+C to stop\./ });
    try {
      const printed = await emulator.ready;
      const lines = tryLines(printed);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^export HUAWEICLOUD_SDK_AK=\S+ HUAWEICLOUD_SDK_SK=\S+ HUAWEICLOUD_SDK_PROJECT_ID=[0-9a-f]{32}$/);
      expect(lines[1]).toMatch(/^restorekit vbs restore --endpoint http:\/\/127\.0\.0\.1:\d+ --backup-id \S+ --volume-id \S+ --wait$/);
      const r = await runShell(lines.join("\n"), { env: shellEnv });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^finished: .*"status":"available"/m);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });

  it("--host 0.0.0.0 prints a URL other machines can use, with --insecure-http, and a warning; that command works as printed", async () => {
    const emulator = startBackground(process.execPath, [cliPath, "emulator", "--port", "0", "--host", "0.0.0.0", "--restore-duration", "1500ms"], { env: { PATH: process.env.PATH ?? "" }, until: /Press Ctrl\+C to stop\./ });
    try {
      const printed = await emulator.ready;
      expect(printed).not.toMatch(/http:\/\/0\.0\.0\.0/);
      const [, command] = tryLines(printed);
      if (networkAddress) {
        expect(printed).toMatch(/^WARNING: other machines can reach it, over plain http\./m);
        expect(command).toMatch(new RegExp(`^restorekit vbs restore --endpoint http://${networkAddress.replace(/\./g, "\\.")}:\\d+ --insecure-http `));
      } else {
        // A machine with no network interface: the URL is this machine's own, which needs no opt-in.
        expect(command).toMatch(/^restorekit vbs restore --endpoint http:\/\/127\.0\.0\.1:\d+ --backup-id/);
      }
      const r = await runShell(tryLines(printed).join("\n"), { env: shellEnv });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^finished: /m);
      if (networkAddress) expect(r.stderr).toMatch(/^restorekit: WARNING: --insecure-http/m);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });

  it("a port in use, a bad --port and a bad --restore-duration exit 2 naming the flag", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", () => resolve()));
    const port = (busy.address() as { port: number }).port;
    try {
      const inUse = await runCli(["emulator", "--port", String(port)]);
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toBe(`restorekit: --port ${port}: the port is in use; give another, or --port 0 for a free one\n`);
    } finally {
      busy.close();
    }
    const badPort = await runCli(["emulator", "--port", "70000"]);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port takes an integer from 0 to 65535, got "70000"/);
    const badDuration = await runCli(["emulator", "--port", "0", "--restore-duration", "soon"]);
    expect(badDuration.code).toBe(2);
    expect(badDuration.stderr).toMatch(/--restore-duration takes a duration/);
  });
});
