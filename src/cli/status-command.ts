import type { Auth } from "../auth/types.js";
import type { Flags, Io } from "./command.js";
import { insecureWarning, resolveConnection } from "./connection.js";
import { cliClient } from "./client.js";
import { exitCodes } from "./exit-codes.js";
import { requiredFlag } from "./flags.js";
import { CommandFailure } from "./next-step.js";
import { chooseAuth } from "./restore-command.js";
import type { ServiceCli } from "./service-cli.js";

const meaning = { pending: "a restore is running", succeeded: "no restore is running (it finished, or none was started)", failed: "the restore failed" } as const;

/**
 * `restorekit <service> status --<id> ID`: one read of what the restore follows (a backup, a
 * disk, a job), and what it means. Exit 0 when it was read and shows no failure, 3 when it
 * shows the restore failed, 1 when it could not be read.
 */
export async function statusCommand(svc: ServiceCli, flags: Flags, io: Io): Promise<number> {
  const json = flags.json === true;
  const id = requiredFlag(flags, svc.target.flag.name);
  const auth = (await chooseAuth(flags, io.env, false)) as Auth;
  const connection = resolveConnection(flags, io.env, svc.target.uses, auth.hints);
  if (connection.insecureHttp) io.stderr.write(insecureWarning);
  const rk = cliClient(connection, auth, io.signal, flags.verbose === true ? { debug: (line) => void io.stderr.write(`${line}\n`) } : {});
  let state: unknown;
  try {
    state = await svc.read(rk, id, {});
  } catch (error) {
    throw new CommandFailure(error, "read", svc.target.fields);
  }
  const verdict = svc.judge(state);
  const resource = `${svc.target.noun} ${id}`;
  const summary = verdict ? `${verdict.status}: ${meaning[verdict.outcome]}${verdict.reason ? ` (${verdict.reason})` : ""}` : "no status in the answer";
  if (json) {
    const facts = { service: svc.service, resource, status: verdict?.status, outcome: verdict?.outcome, ...(verdict?.reason ? { reason: verdict.reason } : {}), state };
    io.stdout.write(`${JSON.stringify(facts, null, 2)}\n`);
  } else {
    io.stdout.write(`${svc.service} ${resource}: ${summary}\nstate: ${JSON.stringify(state)}\n`);
  }
  return verdict?.outcome === "failed" ? exitCodes.restoreFailed : exitCodes.ok;
}
