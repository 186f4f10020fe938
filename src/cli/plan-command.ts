import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { authFromEnv } from "../auth/env.js";
import { tokenAuth } from "../auth/token.js";
import type { Auth } from "../auth/types.js";
import { describeEnv } from "../auth/env.js";
import { UsageError, exitCodes } from "./exit-codes.js";
import { jsonView, lineView, liveView } from "./plan-view.js";

export interface PlanIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
}

const text = { type: "string" } as const;
const flag = { type: "boolean" } as const;
const options = {
  journal: text,
  endpoint: text,
  token: text,
  json: flag,
  preflight: flag,
  "resend-in-doubt": { type: "string", multiple: true },
  "accept-additions": flag,
  worker: text,
  format: text,
  output: text,
  help: { type: "boolean", short: "h" },
} as const;

export const planUsage = `restorekit plan check FILE [--preflight]            check a plan offline (and read each backup and target)
restorekit plan apply FILE [--journal DIR] [--json]   run it; run it again to resume after an interruption
restorekit plan status FILE [--journal DIR] [--json]  what the journal says about each item
restorekit plan report FILE --format json|junit|html [--output PATH]

Options:
  --journal DIR           the embedded journal's directory; default FILE's name + .journal, beside it
  --endpoint URL          one base URL for every service (the emulator's)
  --token TOKEN           an IAM token; otherwise credentials come from the environment
  --resend-in-doubt ID    send an item in doubt again, once you have checked that it did not start (repeatable)
  --accept-additions      add items that are new in the plan to a run already started
  --worker NAME           this process's name in the journal; default a random one
  --json                  NDJSON events (apply), or JSON (check, status)
  --format F, --output P  the report's format, and its file (default stdout)

The plan journal needs the package @electric-sql/pglite, and YAML plans the package yaml:
  npm install @electric-sql/pglite yaml

Exit codes (apply): 0 every item succeeded; 3 some failed or were skipped; 5 some are in doubt
(check them, then --resend-in-doubt); 2 the plan or the command is wrong; 1 the run stopped (the
service refused the credentials, or could not be reached); 130 interrupted.`;

function auth(token: string | undefined, env: PlanIo["env"]): Auth {
  if (token) return tokenAuth(token);
  return authFromEnv(env);
}

/** `restorekit plan …`: check, apply, status, report. Returns the exit code. */
export async function planCommand(argv: readonly string[], io: PlanIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout.write(`${planUsage}\n`);
    return sub === undefined ? exitCodes.usage : exitCodes.ok;
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; run restorekit plan --help`);
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(`${planUsage}\n`);
    return exitCodes.ok;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new UsageError(`restorekit plan ${sub} takes one plan file; run restorekit plan --help`);
  if (!["check", "apply", "status", "report"].includes(sub)) throw new UsageError(`unknown plan command ${JSON.stringify(sub)}; run restorekit plan --help`);
  const { loadPlan } = await import("../plan/load-plan.js");
  const envHints = { projectId: io.env.HUAWEICLOUD_SDK_PROJECT_ID ?? io.env.OS_PROJECT_ID, region: io.env.HUAWEICLOUD_SDK_REGION ?? io.env.OS_REGION_NAME };
  const loaded = await loadPlan(file, { ...(envHints.projectId ? { projectId: envHints.projectId } : {}), ...(envHints.region ? { region: envHints.region } : {}) });
  const { plan } = loaded;
  if (sub === "check") {
    if (v.json) io.stdout.write(`${JSON.stringify({ plan: plan.name, items: plan.items.length, digest: plan.digest }, null, 2)}\n`);
    else io.stdout.write(`plan ${plan.name}: ${plan.items.length} items, every check passed; nothing was sent\n`);
    return exitCodes.ok;
  }
  const { openPgliteJournal } = await import("../plan/journal/pglite.js");
  const journal = await openPgliteJournal(v.journal ?? loaded.journalDirectory);
  try {
    if (sub === "status") return await status(journal, plan.name, v.json === true, io);
    if (sub === "report") return await report(journal, plan.name, v.format, v.output, io);
    return await apply(loaded, journal, v, io, file);
  } finally {
    await journal.close();
  }
}

async function status(journal: import("../plan/journal/journal.js").Journal, name: string, json: boolean, io: PlanIo): Promise<number> {
  const { planReport } = await import("../plan/report/report-data.js");
  const r = await planReport(journal, name);
  if (json) {
    io.stdout.write(`${JSON.stringify({ plan: r.plan, startedAt: r.startedAt, counts: r.counts, items: r.items.map((i) => ({ id: i.id, state: i.state, attempts: i.attempts, reason: i.reason })) }, null, 2)}\n`);
    return exitCodes.ok;
  }
  io.stdout.write(`plan ${r.plan}, started ${r.startedAt}: ${Object.entries(r.counts).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(", ")}\n`);
  for (const i of r.items) if (i.state !== "succeeded") io.stdout.write(`  ${i.id} ${i.state}${i.reason ? `: ${i.reason}` : ""}\n`);
  return exitCodes.ok;
}

async function report(journal: import("../plan/journal/journal.js").Journal, name: string, format: string | undefined, output: string | undefined, io: PlanIo): Promise<number> {
  if (format !== "json" && format !== "junit" && format !== "html") throw new UsageError("--format must be json, junit or html");
  const { planReport } = await import("../plan/report/report-data.js");
  const r = await planReport(journal, name);
  const body =
    format === "json" ? `${JSON.stringify(r, null, 2)}\n` : format === "junit" ? (await import("../plan/report/junit.js")).junitReport(r) : (await import("../plan/report/html.js")).htmlReport(r);
  if (output) {
    await writeFile(output, body);
    io.stderr.write(`wrote ${output}\n`);
  } else io.stdout.write(body);
  return exitCodes.ok;
}

async function apply(
  loaded: import("../plan/load-plan.js").LoadedPlan,
  journal: import("../plan/journal/journal.js").Journal,
  v: Record<string, unknown>,
  io: PlanIo,
  file: string,
): Promise<number> {
  const { runPlan } = await import("../plan/run/run-plan.js");
  let credentials: Auth;
  try {
    credentials = auth(v.token as string | undefined, io.env);
  } catch (error) {
    const { found } = describeEnv(io.env);
    throw new UsageError(`no credentials: pass --token or set them in the environment (found: ${found.length ? found.join(", ") : "none"}); ${(error as Error).message}`);
  }
  const view = v.json ? jsonView(io.stdout) : io.stdout.isTTY ? liveView(io.stdout, loaded.plan.items.length) : lineView(io.stdout);
  const summary = await runPlan({
    plan: loaded.plan,
    document: loaded.document,
    journal,
    auth: credentials,
    ...(typeof v.endpoint === "string" ? { endpoints: v.endpoint } : {}),
    ...(typeof v.worker === "string" ? { worker: v.worker } : {}),
    signal: io.signal,
    resendInDoubt: (v["resend-in-doubt"] as string[] | undefined) ?? [],
    acceptAdditions: v["accept-additions"] === true,
    onEvent: (e) => view.event(e),
  });
  view.end();
  const c = summary.counts;
  const say = (line: string) => (v.json ? io.stderr : io.stdout).write(`${line}\n`);
  if (summary.interrupted) {
    const running = c.sending + c.accepted + c.waiting;
    say(`interrupted: nothing new is sent. ${running} restore${running === 1 ? "" : "s"} already sent go on in the cloud; the journal holds every step.`);
    say(`resume with: restorekit plan apply ${[file, ...(typeof v.journal === "string" ? ["--journal", v.journal] : []), ...(typeof v.endpoint === "string" ? ["--endpoint", v.endpoint] : [])].join(" ")}`);
    return exitCodes.interrupted;
  }
  say(`plan ${summary.plan}: ${Object.entries(c).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(", ")}; ${summary.requests} requests, ${summary.throttled} throttled`);
  if (c["in-doubt"]) {
    say(`${c["in-doubt"]} item(s) in doubt: check each (restorekit plan status ${file}), then resend the ones that did not start with --resend-in-doubt ID`);
    return exitCodes.unconfirmed;
  }
  return c.failed || c.skipped ? exitCodes.restoreFailed : exitCodes.ok;
}
