import type { Auth } from "../auth/types.js";
import type { Flags, Io } from "./command.js";
import { insecureWarning, resolveConnection } from "./connection.js";
import { cliClient } from "./client.js";
import { parseDuration } from "./duration.js";
import { exitCodes } from "./exit-codes.js";
import { requiredFlag, stringFlag } from "./flags.js";
import { CommandFailure } from "./next-step.js";
import { afterWaitError } from "./follow-up.js";
import { chooseAuth } from "./restore-command.js";
import type { ServiceCli } from "./service-cli.js";
import { waitWithProgress } from "./waiting.js";

/**
 * `restorekit <service> wait --<id> ID`: picks up a restore started earlier (a run without
 * `--wait`, one that timed out or was interrupted) and waits for it as `restore --wait` does,
 * with the same output and exit codes; after a timeout or Ctrl-C it prints itself again.
 */
export async function waitCommand(svc: ServiceCli, flags: Flags, io: Io): Promise<number> {
  const json = flags.json === true;
  const verbose = flags.verbose === true;
  const id = requiredFlag(flags, svc.target.flag.name);
  const rawTimeout = stringFlag(flags, "timeout");
  const maxWaitMs = rawTimeout === undefined ? undefined : parseDuration("timeout", rawTimeout);
  const auth = (await chooseAuth(flags, io.env, false)) as Auth;
  const connection = resolveConnection(flags, io.env, svc.target.uses, auth.hints);
  if (connection.insecureHttp) io.stderr.write(insecureWarning);
  const rk = cliClient(connection, auth, io.signal, verbose ? { debug: (line) => void io.stderr.write(`${line}\n`) } : {});
  let final: unknown;
  try {
    final = await waitWithProgress(svc, rk, id, { maxWaitMs, json, verbose, io });
  } catch (error) {
    throw new CommandFailure(error, "read", svc.target.fields, afterWaitError(svc, flags, connection, id, error, false));
  }
  if (json) io.stdout.write(`${JSON.stringify({ service: svc.service, resource: `${svc.target.noun} ${id}`, final }, null, 2)}\n`);
  else io.stdout.write(`finished: ${JSON.stringify(final)}\n`);
  return exitCodes.ok;
}
