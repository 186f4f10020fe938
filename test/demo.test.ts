import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
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
    const steps = stdout.split("\n== ").slice(1).filter((step) => !step.startsWith("A restore plan"));
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
    // The plan: 50 items, each applied once, every one succeeded, and the report written.
    expect(stdout).toMatch(/^== A restore plan: 50 items/m);
    expect(stdout).toMatch(/^ {2}plan: 50 succeeded, 0 failed, 0 in doubt in [\d.]+ s; \d+ requests \([\d.]+ per restore\), \d+ throttled$/m);
    expect(stdout).toMatch(/^ {2}the emulator applied 50 restores for 50 items$/m);
    const report = /^ {2}report: (.*plan-report\.html)$/m.exec(stdout)?.[1];
    expect(report && readFileSync(report, "utf8")).toMatch(/<h1>Restore plan demo-drill<\/h1>/);
    expect(stdout).toContain("Signature=[REDACTED]");
    expect(stdout).not.toMatch(/Signature=[0-9a-f]{64}/);
  }, 150_000);
});
