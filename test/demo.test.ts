import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

describe("npm run demo", () => {
  it("runs one restore per service against the built-in emulator, end to end", async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "demo"], { cwd: root, timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
    for (const title of ["CBR: restore a whole server", "CSBS: create a restoration task", "VBS: restore a disk", "RDS: restore an instance"]) expect(stdout).toContain(title);
    expect(stdout.match(/^ {2}sent: POST /gm)).toHaveLength(4);
    expect(stdout.match(/^ {2}final: /gm)).toHaveLength(4);
    expect(stdout).toContain("Four restores completed; the emulator recorded 4 accepted restores.");
    // Each step in the order things happen: sent, accepted, progress, answer, final; counts in the right number.
    const steps = stdout.split("\n== ").slice(1);
    expect(steps).toHaveLength(4);
    for (const step of steps) {
      const at = (label: string) => step.search(new RegExp(`^ {2}${label}: `, "m"));
      expect(at("sent")).toBeGreaterThan(-1);
      expect(at("accepted")).toBeGreaterThan(at("sent"));
      expect(at("progress")).toBeGreaterThan(at("accepted"));
      expect(at("answer")).toBeGreaterThan(at("progress"));
      expect(at("final")).toBeGreaterThan(at("answer"));
    }
    expect(stdout).toMatch(/\(1 read\)/);
    expect(stdout).not.toMatch(/\(1 reads\)/);
    expect(stdout).toContain("Signature=[REDACTED]");
    expect(stdout).not.toMatch(/Signature=[0-9a-f]{64}/);
  }, 150_000);
});
