import { defaultAuth } from "../auth/default-chain.js";
import { tokenAuth } from "../auth/token.js";
import type { Auth } from "../auth/types.js";
import { AuthError } from "../errors/auth-error.js";
import { RestoreKitError, settleFate } from "../errors/restorekit-error.js";
import { MalformedResponseError } from "../errors/transport-errors.js";
import type { Flags, Io } from "./command.js";
import { insecureWarning, resolveConnection } from "./connection.js";
import { cliClient, noCredentials } from "./client.js";
import { credentialSource, noCredentialsMessage, tokenFromFlags } from "./credentials.js";
import { parseDuration } from "./duration.js";
import { UsageError, exitCodes } from "./exit-codes.js";
import { stringFlag } from "./flags.js";
import { afterRestoreError, afterWaitError, followUp } from "./follow-up.js";
import { CommandFailure, type NextStep, nextStepJson, nextStepLines } from "./next-step.js";
import { RestoreReport, type SentRequest } from "./restore-report.js";
import type { ServiceCli } from "./service-cli.js";
import { waitWithProgress } from "./waiting.js";

/** Stops a dry run at the moment the request would leave: it is recorded, never sent. */
class DryRunStop extends Error {}

/**
 * The credentials of a run: `--token`/`--token-file`, else the default chain (environment,
 * OS_CLOUD/clouds.yaml, ECS metadata service); `undefined` only in a dry run that found none.
 */
export async function chooseAuth(flags: Flags, env: Io["env"], dryRun: boolean): Promise<Auth | undefined> {
  const token = tokenFromFlags(flags);
  if (token) return tokenAuth(token);
  try {
    const auth = await defaultAuth({ env });
    // A dry run must not log in to IAM or ask a metadata service: a placeholder token stands in
    // (and is redacted anyway); `kind` still says what the real run would use.
    return dryRun && auth.kind !== "aksk" && auth.kind !== "token" ? { ...tokenAuth("dry-run-placeholder-token"), kind: auth.kind, hints: auth.hints } : auth;
  } catch (error) {
    if (!(error instanceof AuthError && error.message.startsWith("defaultAuth: no credentials found"))) throw error;
    // No credentials at all: a dry run says so plainly; a real run stops here, before anything is sent.
    if (dryRun) return undefined;
    throw new UsageError(`${noCredentialsMessage(env)}. ${error.message.replace(/^defaultAuth: no credentials found\. /, "")}`);
  }
}

function printDryRun(request: SentRequest, credentials: string | undefined, notes: Record<string, unknown>, json: boolean, io: Io): void {
  // Headers in `request` are the redacted copies the SDK's hook received.
  if (json) {
    io.stdout.write(`${JSON.stringify({ dryRun: true, ...notes, credentials: credentials ?? null, ...request }, null, 2)}\n`);
    return;
  }
  io.stdout.write(`dry run, nothing sent:\ncredentials: ${credentials ?? "none found"}\n${request.method} ${request.url}\n`);
  for (const [name, value] of Object.entries(request.headers)) io.stdout.write(`${name}: ${value}\n`);
  if (request.body !== undefined) io.stdout.write(`\n${JSON.stringify(request.body)}\n`);
}

/**
 * `restorekit <service> restore ...`: sends the restore through the SDK, reports the attempt
 * that was accepted, and with `--wait` follows it with the service's waiter. Whatever stops it
 * after the restore was accepted, the command that resumes waiting is printed.
 */
export async function restoreCommand(svc: ServiceCli, flags: Flags, io: Io): Promise<number> {
  const dryRun = flags["dry-run"] === true;
  const json = flags.json === true;
  const verbose = flags.verbose === true;
  const wait = flags.wait === true;
  const rawTimeout = stringFlag(flags, "timeout");
  if (rawTimeout !== undefined && !wait) throw new UsageError("--timeout limits the wait: add --wait, or give --request-timeout to limit one request");
  const maxWaitMs = rawTimeout === undefined ? undefined : parseDuration("timeout", rawTimeout);
  const { input, notes } = svc.restore.prepare(flags);
  const auth = await chooseAuth(flags, io.env, dryRun);
  const uses = [...svc.restore.uses, ...(wait ? svc.target.uses : [])];
  const connection = resolveConnection(flags, io.env, uses, auth?.hints);
  if (connection.insecureHttp) io.stderr.write(insecureWarning);
  const report = new RestoreReport(svc.service, svc.restore.operation, { plain: !json, verbose, io });
  const rk = cliClient(connection, auth ?? noCredentials, io.signal, {
    ...report.hooks(dryRun),
    ...(dryRun ? { maxRetries: 0, fetch: async () => Promise.reject(new DryRunStop()) } : {}),
  });
  if (!json) for (const line of notes?.lines ?? []) io.stdout.write(`${line}\n`);
  const fail = (error: unknown, next: NextStep | undefined) => new CommandFailure(error, "restore", { ...svc.restore.fields, ...svc.target.fields }, next);

  let accepted: unknown;
  try {
    accepted = await svc.restore.send(rk, input, {});
  } catch (error) {
    if (dryRun && report.sent) {
      printDryRun(report.sent, auth ? credentialSource(flags, auth.kind, (auth as { source?: string }).source) : undefined, notes?.json ?? {}, json, io);
      if (auth) return exitCodes.ok;
      throw new UsageError(`${noCredentialsMessage(io.env)}. The real run would stop before sending anything (exit 2).`);
    }
    throw fail(error, afterRestoreError(svc, flags, connection, svc.restore.targetId(input, undefined), error));
  }
  const id = svc.restore.targetId(input, accepted);
  if (!json && accepted !== undefined) io.stdout.write(`response: ${JSON.stringify(accepted)}\n`);
  const facts = { service: svc.service, ...(notes?.json ?? {}), ...report.json(), response: accepted };
  if (!wait) {
    const next = followUp(svc, flags, connection, id, "wait", "To wait for it:");
    if (json) io.stdout.write(`${JSON.stringify({ ...facts, ...(id ? { next: nextStepJson(next, io.env) } : {}) }, null, 2)}\n`);
    else if (id) for (const line of nextStepLines(next, io.env)) io.stdout.write(`${line}\n`);
    return exitCodes.ok;
  }
  if (id === undefined) {
    // The restore was accepted; only its answer lacks what waiting needs (RDS's job_id).
    const error = new MalformedResponseError(`${svc.service}: the accepted answer names no ${svc.target.noun} to wait for: ${JSON.stringify(accepted)?.slice(0, 200)}`, {
      facts: { operation: `${svc.service}.${svc.restore.operation}`, status: report.accepted?.status, requestId: report.accepted?.requestId },
      fate: "accepted",
    });
    throw fail(error, { advice: "The restore was accepted: do not send it again; look for its job in the console." });
  }
  let final: unknown;
  try {
    final = await waitWithProgress(svc, rk, id, { maxWaitMs, json, verbose, io });
  } catch (error) {
    // Whatever stopped the wait, the restore itself was accepted.
    const settled = error instanceof RestoreKitError && error.fate !== "accepted" ? settleFate(error, "accepted", true) : error;
    throw fail(settled, afterWaitError(svc, flags, connection, id, error, true));
  }
  if (json) io.stdout.write(`${JSON.stringify({ ...facts, final }, null, 2)}\n`);
  else io.stdout.write(`finished: ${JSON.stringify(final)}\n`);
  return exitCodes.ok;
}
