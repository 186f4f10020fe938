import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { flagLine } from "../../src/cli/help.js";
import { exitCodeMeanings, exitCodes } from "../../src/cli/exit-codes.js";
import { commandFamilies } from "../../src/cli/registry.js";
import { runCli } from "../support/run-cli.js";

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
const commands = commandFamilies.flatMap((family) => family.commands.map((command) => ({ family, command, words: [family.name, ...(command.name ? [command.name] : [])] })));

describe("help, version and usage", () => {
  it("--version prints the package's version", async () => {
    const r = await runCli(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `restorekit ${pkg.version}\n`, stderr: "" });
  });

  it("every command's --help shows every flag with its default (or that it is required), an example and, for service commands, the exit codes", async () => {
    expect(commands.length).toBeGreaterThanOrEqual(14);
    await Promise.all(
      commands.map(async ({ command, words }) => {
        const r = await runCli([...words, "--help"]);
        expect(r.code).toBe(0);
        expect(r.stdout.startsWith(`restorekit ${words.join(" ")} ${command.synopsis}\n`)).toBe(true);
        for (const group of command.groups) {
          for (const flag of group.flags) {
            expect(r.stdout).toContain(flagLine(flag));
            if (flag.default !== undefined) expect(flagLine(flag).replace(/\s+/g, " ")).toContain(`(default: ${flag.default})`);
          }
        }
        expect(r.stdout).toContain(`Example:\n  ${command.example}`);
        if (command.name !== undefined) for (const [code] of exitCodeMeanings) expect(r.stdout).toMatch(new RegExp(`^ {2}${code} +\\S`, "m"));
      }),
    );
  });

  it("the flags every command shares state their defaults", () => {
    const shared = ["cloud", "region", "project-id", "endpoint", "token", "token-file", "request-timeout", "insecure-http", "timeout", "json", "verbose", "port", "host", "fixtures", "seed", "restore-duration"];
    for (const { command } of commands) {
      for (const flag of command.groups.flatMap((g) => g.flags)) if (shared.includes(flag.name)) expect(flag.default, `${command.name ?? ""} --${flag.name}`).toBeDefined();
    }
  });

  it("the exit codes are all described, and the help says them", async () => {
    expect(exitCodeMeanings.map(([code]) => code).sort((a, b) => a - b)).toEqual(Object.values(exitCodes).sort((a, b) => a - b));
    const r = await runCli(["--help"]);
    for (const [code, meaning] of exitCodeMeanings) expect(r.stdout.replace(/\s+/g, " ")).toContain(`${code} ${meaning}`);
  });

  it("no command exits 2 with the main help on stderr; a family without its command names the ones it has", async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage:");
    const family = await runCli(["vbs"]);
    expect(family.code).toBe(2);
    expect(family.stderr).toBe("restorekit: a command is missing: restorekit vbs takes restore, status, wait; run restorekit vbs --help\n");
    const listed = await runCli(["rds", "--help"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/restorekit rds status +read the state of an RDS restore once/);
    const unknown = await runCli(["vbs", "restore", "--colour", "red"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'.*run restorekit vbs restore --help/);
  });
});

describe("restorekit regions", () => {
  it("filters by --cloud and --service, in plain and JSON output", async () => {
    const all = JSON.parse((await runCli(["regions", "--json"])).stdout) as { service: string; cloud: string; region: string; endpoint: string }[];
    const otc = JSON.parse((await runCli(["regions", "--json", "--cloud", "otc"])).stdout) as typeof all;
    expect(otc.length).toBeGreaterThan(0);
    expect(otc).toEqual(all.filter((r) => r.cloud === "otc"));
    const csbs = await runCli(["regions", "--cloud", "otc", "--service", "csbs"]);
    expect(csbs.code).toBe(0);
    expect(csbs.stdout.trim().split("\n")).toEqual(["SERVICE  CLOUD  REGION  ENDPOINT", "csbs     otc    eu-de   https://csbs.eu-de.otc.t-systems.com"]);
    const evs = JSON.parse((await runCli(["regions", "--json", "--service", "evs"])).stdout) as typeof all;
    expect(new Set(evs.map((r) => r.service))).toEqual(new Set(["evs"]));
  });

  it("an unknown cloud or service exits 2 and lists the valid ones", async () => {
    const cloud = await runCli(["regions", "--cloud", "aws"]);
    expect(cloud.code).toBe(2);
    expect(cloud.stderr).toBe('restorekit: --cloud must be one of huaweicloud, otc, got "aws"\n');
    const service = await runCli(["regions", "--service", "ecs"]);
    expect(service.code).toBe(2);
    expect(service.stderr).toBe('restorekit: --service must be one of cbr, csbs, vbs, evs, rds, iam, got "ecs"\n');
  });
});
