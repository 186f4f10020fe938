import { defaultAuth } from "../auth/default-chain.js";
import { tokenAuth } from "../auth/token.js";
import type { Auth } from "../auth/types.js";
import { createRestoreClient } from "../client/create-client.js";
import type { RestoreClient } from "../client/create-client.js";
import type { RestoreMethod } from "../client/restore-method.js";
import type { Cloud } from "../spec/server.js";
import type { ResponseEvent } from "../transport/hooks.js";
import type { WaitOptions } from "../waiters/poll.js";
import { UsageError } from "./exit-codes.js";
import { progressPrinter } from "./progress.js";
import { type Flags, cbrInput, csbsInput, rdsInput, vbsInput } from "./restore-inputs.js";

export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
}

interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** Stops a dry run at the moment the request would leave: it is recorded, never sent. */
class DryRunStop extends Error {}

const str = (flags: Flags, name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);

/** `--token`, else the default chain (environment, OS_CLOUD/clouds.yaml, ECS metadata service). */
async function chooseAuth(flags: Flags, env: Io["env"], dryRun: boolean): Promise<Auth> {
  const token = str(flags, "token");
  if (token) return tokenAuth(token);
  try {
    const auth = await defaultAuth({ env });
    // A dry run must not log in to IAM or ask a metadata service: a placeholder token stands in (and is redacted anyway).
    return dryRun && auth.kind !== "aksk" && auth.kind !== "token" ? { ...tokenAuth("dry-run-placeholder-token"), hints: auth.hints } : auth;
  } catch (error) {
    if (dryRun) return tokenAuth("dry-run-placeholder-token");
    throw error;
  }
}

function timeoutFlag(flags: Flags): number | undefined {
  const raw = str(flags, "timeout");
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new UsageError(`--timeout takes milliseconds, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** Starts the restore (and waits, with --wait) through the SDK; returns what the SDK returned. */
async function run(rk: RestoreClient, service: string, flags: Flags, wait: WaitOptions | undefined): Promise<unknown> {
  const go = <I, A, F>(method: RestoreMethod<I, A, F>, input: I): Promise<unknown> => (wait ? method(input, { wait }) : method(input));
  switch (service) {
    case "cbr":
      return go(rk.cbr.restoreBackup, cbrInput(flags));
    case "csbs":
      return go(rk.csbs.createRestore, csbsInput(flags));
    case "vbs":
      return go(rk.vbs.restoreBackup, vbsInput(flags));
    case "rds":
      return go(rk.rds.restoreToExistingInstance, rdsInput(flags));
    default:
      throw new UsageError(`unknown service ${JSON.stringify(service)}`);
  }
}

/** `restorekit <service> restore ...`. */
export async function restoreCommand(service: string, flags: Flags, io: Io): Promise<void> {
  const dryRun = flags["dry-run"] === true;
  const json = flags.json === true;
  const verbose = flags.verbose === true;
  const timeoutMs = timeoutFlag(flags);
  const auth = await chooseAuth(flags, io.env, dryRun);
  const sent: SentRequest[] = [];
  let accepted: ResponseEvent | undefined;
  const endpoint = str(flags, "endpoint");
  const region = str(flags, "region");
  const projectId = str(flags, "project-id");
  const rk = createRestoreClient({
    cloud: (str(flags, "cloud") ?? "huaweicloud") as Cloud,
    ...(region ? { region } : {}),
    ...(projectId ? { projectId } : {}),
    auth,
    ...(endpoint ? { endpoints: endpoint } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    signal: io.signal,
    ...(dryRun ? { maxRetries: 0, fetch: async () => Promise.reject(new DryRunStop()) } : {}),
    onRequest: (e) => {
      if (sent.length > 0) return;
      sent.push({ method: e.method, url: e.url, headers: { ...e.headers }, body: e.body ? (JSON.parse(e.body) as unknown) : undefined });
      if (!json && !dryRun) io.stdout.write(`sent: ${e.method} ${e.url}\n`);
    },
    onResponse: (e) => {
      if (accepted) return;
      accepted = e;
      if (!json && e.status < 300) io.stdout.write(`accepted: HTTP ${e.status}${e.requestId ? ` (request id ${e.requestId})` : ""}\n`);
    },
    debug: (line) => {
      if (verbose && !dryRun) io.stderr.write(`${line}\n`);
    },
  });
  const printer = progressPrinter(json ? io.stderr : io.stdout, verbose);
  const wait: WaitOptions | undefined =
    flags.wait === true ? { onProgress: (p) => printer.update(p), ...(timeoutMs ? { maxWaitMs: Math.max(timeoutMs, 1000) } : {}) } : undefined;
  let result: unknown;
  try {
    result = await run(rk, service, flags, wait);
  } catch (error) {
    printer.end();
    if (dryRun && sent.length > 0) return printDryRun(sent[0] as SentRequest, json, io);
    throw error;
  }
  printer.end();
  const waited = wait !== undefined;
  const response = waited ? (result as { accepted: unknown }).accepted : result;
  const final = waited ? (result as { final: unknown }).final : undefined;
  const request = sent[0];
  if (json) {
    io.stdout.write(`${JSON.stringify({ service, sent: request, status: accepted?.status, requestId: accepted?.requestId, response, ...(waited ? { final } : {}) }, null, 2)}\n`);
    return;
  }
  if (response !== undefined) io.stdout.write(`response: ${JSON.stringify(response)}\n`);
  if (waited) io.stdout.write(`finished: ${JSON.stringify(final)}\n`);
}

function printDryRun(request: SentRequest, json: boolean, io: Io): void {
  // Headers in `request` are the redacted copies the SDK's hook received.
  if (json) {
    io.stdout.write(`${JSON.stringify({ dryRun: true, ...request }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`dry run, nothing sent:\n${request.method} ${request.url}\n`);
  for (const [name, value] of Object.entries(request.headers)) io.stdout.write(`${name}: ${value}\n`);
  if (request.body !== undefined) io.stdout.write(`\n${JSON.stringify(request.body)}\n`);
}
