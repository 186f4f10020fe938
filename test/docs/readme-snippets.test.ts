import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeMeanings } from "../../src/cli/exit-codes.js";
import { synopsisLine } from "../../src/cli/help.js";
import { commandFamilies } from "../../src/cli/registry.js";
import { startEmulator } from "../../src/emulator/index.js";
import { openPostgresJournal } from "../../src/plan/index.js";
import { runProcess, runShell, startBackground, tryLines } from "../support/shell.js";
import { type Snippet, readSnippets, snippetKinds } from "../support/snippets.js";
import { postgresOptOut, startPostgres } from "../support/postgres-server.js";

/**
 * The READMEs' code, as a reader pastes it. Every fenced block says in its info string how it is
 * tested (`ts test=run given=rk`): TypeScript is type-checked against the published package and,
 * where marked, run against an emulator; shell is run in a project that has restorekit
 * installed, the emulator on the port the README names; the synopsis and the exit codes are
 * compared with the CLI's own tables. Blocks that use a real cloud's endpoints are type-checked
 * only: running them would need that cloud.
 */
const root = resolve(import.meta.dirname, "../..");
const files = [resolve(root, "README.md"), resolve(root, "src/emulator/README.md")];
const snippets = files.flatMap(readSnippets);
const where = (s: Snippet) => `${s.file.slice(root.length + 1)}:${s.line}`;
const of = (kind: string, lang?: string) => snippets.filter((s) => s.kind === kind && (lang === undefined || s.lang === lang));

mkdirSync(resolve(root, "test-results"), { recursive: true });
// Inside the package, so that `import ... from "restorekit"` is the package's own name and exports.
const work = mkdtempSync(join(resolve(root, "test-results"), "readme-"));
const consumer = mkdtempSync(join(resolve(root, "test-results"), "consumer-"));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(consumer, { recursive: true, force: true });
});

/** A project with restorekit (this package, built) and @hey-api/openapi-ts installed, as npm would link them. */
beforeAll(() => {
  const bin = join(consumer, "node_modules/.bin");
  mkdirSync(join(consumer, "node_modules/@hey-api"), { recursive: true });
  mkdirSync(bin);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  symlinkSync(root, join(consumer, "node_modules/restorekit"), "dir");
  symlinkSync(join(root, "node_modules/@hey-api/openapi-ts"), join(consumer, "node_modules/@hey-api/openapi-ts"), "dir");
  writeFileSync(join(bin, "restorekit"), `#!/bin/sh\nexec "${process.execPath}" "${join(root, "dist/cli.js")}" "$@"\n`, { mode: 0o755 });
  symlinkSync("../@hey-api/openapi-ts/bin/run.js", join(bin, "openapi-ts"));
});

/** The environment of a fresh terminal in the consumer project: npx finds the installed packages, and never the registry. */
const terminal = () => ({
  PATH: process.env.PATH ?? "",
  HOME: consumer,
  npm_config_offline: "true",
  npm_config_update_notifier: "false",
  npm_config_cache: join(consumer, ".npm"),
});

/** What a type-checked block may take from earlier blocks or from the reader (`given=`). */
const declarations: Readonly<Record<string, string>> = {
  rk: 'declare const rk: import("restorekit").RestoreClient;',
  vault: "declare const vault: { read(path: string, options: { signal: AbortSignal }): Promise<string> };",
  ...Object.fromEntries(["projectId", "ak", "sk", "backupId", "volumeId", "checkpointItemId", "jobId"].map((n) => [n, `declare const ${n}: string;`])),
};

/** What a run block takes: a client of the emulator the test started. */
const runPrelude = `import { akskAuth as __akskAuth, createRestoreClient as __createRestoreClient } from "restorekit";
const rk = __createRestoreClient({ projectId: process.env.RK_PROJECT_ID, auth: __akskAuth({ ak: process.env.RK_AK, sk: process.env.RK_SK }), endpoints: process.env.RK_ENDPOINT });
`;

describe("the READMEs' snippets", () => {
  it("every fenced block says how it is tested, in a language that kind allows", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(18);
    for (const s of snippets) {
      expect(Object.keys(snippetKinds), `${where(s)} has no known test= kind`).toContain(s.kind);
      expect(snippetKinds[s.kind as keyof typeof snippetKinds].split("|"), `${where(s)}: ${s.lang}`).toContain(s.lang);
      for (const name of s.given) expect(Object.keys(declarations), `${where(s)} given=${name}`).toContain(name);
    }
  });

  it("restore plans pass checkPlan as written", async () => {
    const { parse } = await import("yaml");
    const { checkPlan } = await import("../../src/plan/index.js");
    const plans = of("plan");
    expect(plans.length).toBeGreaterThanOrEqual(1);
    for (const s of plans) expect(checkPlan(parse(s.code), { projectId: "0605767b5c00d5762f6ec0015a0d0bd2", defaultName: "readme-plan" }).items.length, where(s)).toBeGreaterThan(0);
  });

  it("the CLI synopsis is the command registry's, command for command", () => {
    const [block] = of("synopsis");
    expect(block?.code.split("\n")).toEqual(commandFamilies.flatMap((f) => f.commands.map((c) => synopsisLine(f, c))));
  });

  it("the exit code table is the CLI's, code for code", () => {
    const readme = readFileSync(files[0] as string, "utf8");
    const rows = [...readme.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(exitCodeMeanings.map(([code, meaning]) => [code, meaning]));
  });

  it("the first screen's commands are the ones CI runs: npm ci and npm test in .ci/run, npm run demo in test/demo.test.ts", () => {
    const commands = of("ci").flatMap((s) => s.code.split("\n").map((l) => l.replace(/#.*$/, "").trim())).filter(Boolean);
    expect(commands).toEqual(["npm ci && npm run demo", "npm test"]);
    const ci = readFileSync(resolve(root, ".ci/run"), "utf8");
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(readFileSync(resolve(root, "test/demo.test.ts"), "utf8")).toContain('["run", "--silent", "demo"]');
  });

  it("TypeScript blocks type-check under strict TypeScript against the published package", () => {
    const ts = snippets.filter((s) => s.lang === "ts");
    expect(ts.length).toBeGreaterThanOrEqual(9);
    for (const [i, s] of ts.entries()) {
      const given = s.given.map((n) => declarations[n]).join("\n");
      writeFileSync(join(work, `snippet-${i}.mts`), `// ${where(s)}\n${s.code}\n${given}\nexport {};\n`);
    }
    const tsconfig = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], skipLibCheck: true }, include: ["*.mts"] };
    writeFileSync(join(work, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = spawnSync(process.execPath, [resolve(root, "node_modules/typescript/bin/tsc"), "-p", join(work, "tsconfig.json")], { encoding: "utf8" });
    expect(`${tsc.stdout}${tsc.stderr}`.trim()).toBe("");
    expect(tsc.status).toBe(0);
  }, 60_000);

  it("TypeScript blocks marked run, run against the emulator, and apply each restore they call once", async () => {
    const runs = of("run", "ts");
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const [i, s] of runs.entries()) {
      const emulator = await startEmulator({ port: 0, restoreDurationMs: 1000 });
      try {
        const { code } = await transform(s.code, { loader: "ts", format: "esm", target: "node20" });
        const file = join(work, `run-${i}.mjs`);
        writeFileSync(file, `${s.given.includes("rk") ? runPrelude : ""}${code}`);
        const c = emulator.credentials;
        const r = await runProcess(process.execPath, [file], { env: { PATH: process.env.PATH ?? "", RK_ENDPOINT: emulator.url, RK_AK: c.ak, RK_SK: c.sk, RK_PROJECT_ID: c.projectId }, timeoutMs: 30_000 });
        expect(r.stderr, where(s)).toBe("");
        expect(r.code, where(s)).toBe(0);
        const calls = s.code.match(/\.(restoreBackup|createRestore|restoreToExistingInstance)\(/g)?.length ?? 0;
        expect(emulator.restoreLog, where(s)).toHaveLength(calls);
      } finally {
        await emulator.stop();
      }
    }
  }, 60_000);

  it("shell blocks, pasted in order: the emulator on port 4010, then the README's restores, the first equal to the one the emulator prints", async () => {
    const port = 4010;
    await new Promise<void>((ok, fail) => {
      const probe = createServer();
      probe.once("error", () => fail(new Error(`port ${port} is in use; the README's snippet names it: stop what listens there and run the test again`)));
      probe.listen(port, "127.0.0.1", () => probe.close(() => ok()));
    });
    const [background, ...others] = of("background");
    expect(others).toEqual([]);
    expect(background?.code).toBe(`npx restorekit emulator --port ${port}`);
    const emulator = startBackground("bash", ["-c", background?.code ?? ""], { cwd: consumer, env: terminal(), until: /Press Ctrl\+C to stop\./ });
    try {
      const printed = await emulator.ready;
      const pasted = tryLines(printed);
      const runs = of("run", "sh");
      expect(runs.length).toBe(2);
      // The README's restore is the one the emulator prints, character for character (so running one runs the other).
      expect(runs[0]?.code.split("\n")).toEqual(pasted);
      // The README's blocks in one terminal, one after the other (the export of the first serves the second).
      const readme = await runShell(runs.map((s) => s.code).join("\n"), { cwd: consumer, env: terminal() });
      expect(readme.stderr.replace(/^npm warn .*\n/gm, "")).toBe("");
      expect(readme.code).toBe(0);
      expect(readme.stdout.match(/^finished: .*"status":"available"/gm)).toHaveLength(2);
      // The wait command the README shows is the one the restore without --wait printed.
      const shown = runs[1]?.code.split("\n")[1];
      expect(readme.stdout).toContain(`To wait for it:\n  ${shown}\n`);
    } finally {
      // Ctrl-C ends npx and the emulator it runs (npx itself may end by the signal); the port is free again.
      expect([0, "SIGINT"]).toContain(await emulator.stop());
      await new Promise<void>((ok, fail) => {
        const probe = createServer();
        probe.once("error", () => fail(new Error(`the emulator still holds port ${port}`)));
        probe.listen(port, "127.0.0.1", () => probe.close(() => ok()));
      });
    }
  }, 60_000);

  it("the block run in a project with restorekit installed: a client generated from the bundled spec", async () => {
    const blocks = of("consumer");
    expect(blocks).toHaveLength(1);
    const r = await runShell(blocks[0]?.code ?? "", { cwd: consumer, env: terminal() });
    expect(r.code).toBe(0);
    expect(readdirSync(join(consumer, "src/rds-client"))).toEqual(expect.arrayContaining(["index.ts", "sdk.gen.ts", "types.gen.ts"]));
  }, 60_000);
});

describe("the README's two workers on one PostgreSQL journal", () => {
  const run = postgresOptOut ? it.skip : it;
  run("two plan apply processes share the README's plan through a throwaway PostgreSQL server: every item restored once, status reads it", async () => {
    const [block, ...others] = of("workers");
    expect(others).toEqual([]);
    const code = block?.code ?? "";
    const url = code.match(/RESTOREKIT_JOURNAL_URL='([^']+)'/)?.[1];
    expect(url, "the block exports RESTOREKIT_JOURNAL_URL").toBeTruthy();
    const server = await startPostgres();
    const emulator = await startEmulator({ port: 0, restoreDurationMs: 500 });
    try {
      // The README's plan, for the emulator's project and within its RDS instance's restorable
      // window (in 2018); the README's database and port, for the throwaway ones.
      const [plan] = of("plan");
      const planText = (plan?.code ?? "").replace(/^projectId: \S+/m, `projectId: ${emulator.credentials.projectId}`).replace(/restore_time: \S+ \}/, "restore_time: 2018-07-19T11:33:20Z }");
      writeFileSync(join(consumer, "drill.plan.yaml"), planText);
      const script = code.replaceAll(url as string, server.url).replaceAll("http://127.0.0.1:4010", emulator.url);
      const r = await runShell(script, { cwd: consumer, env: terminal(), timeoutMs: 90_000 });
      expect(r.stderr.replace(/^npm warn .*\n/gm, ""), where(block as Snippet)).toBe("");
      expect(r.code, r.stdout).toBe(0);
      // Two workers, three items, each restored once; status shows them all succeeded.
      expect(emulator.restoreLog.map((x) => `${x.service}:${x.target}`).sort()).toEqual([...new Set(emulator.restoreLog.map((x) => `${x.service}:${x.target}`))].sort());
      expect(emulator.restoreLog, r.stdout).toHaveLength(3);
      expect(r.stdout).toMatch(/succeeded 3/);
      const journal = await openPostgresJournal(server.url);
      try {
        const { rows } = await journal.db.query<{ plan_id: string }>("SELECT plan_id FROM rk_plan");
        expect(rows, "the two workers ran one plan").toHaveLength(1);
        const planId = rows[0]?.plan_id as string;
        // Every move was made by one of the README's two workers, and each item was sent once.
        const moves = (await journal.events(planId)).filter((e) => e.to !== null);
        expect(new Set(moves.map((e) => e.worker))).toEqual(new Set(moves.map((e) => e.worker).filter((w) => w === "a" || w === "b")));
        expect(moves.filter((e) => e.to === "sending")).toHaveLength(3);
        expect((await journal.items(planId)).map((i) => i.state)).toEqual(["succeeded", "succeeded", "succeeded"]);
      } finally {
        await journal.close();
      }
    } finally {
      await emulator.stop();
      await server.stop();
    }
  }, 120_000);
});
