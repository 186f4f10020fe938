import { RestoreKitError } from "../errors/restorekit-error.js";
import type { Flags } from "./command.js";
import type { Connection } from "./connection.js";
import { credentialsRepeatable } from "./credentials.js";
import type { NextStep } from "./next-step.js";
import type { ServiceCli } from "./service-cli.js";

/** How to follow the restore the command started, and whether the command can carry the credentials. */
export function followUp(svc: ServiceCli, flags: Flags, connection: Connection, id: string | undefined, command: "wait" | "status", advice: string): NextStep {
  const note = credentialsRepeatable(flags) ? undefined : "credentials are never printed: give --token or --token-file again, or set them in the environment";
  const argv = id === undefined ? undefined : [svc.service, command, ...connection.repeatArgs, `--${svc.target.flag.name}`, id];
  return { advice, ...(argv ? { argv } : {}), ...(note && argv ? { note } : {}) };
}

/** What to do after the restore request itself failed, from its fate. */
export function afterRestoreError(svc: ServiceCli, flags: Flags, connection: Connection, id: string | undefined, error: unknown): NextStep | undefined {
  const fate = error instanceof RestoreKitError ? error.fate : undefined;
  if (fate === "unknown") {
    if (id === undefined) return { advice: `The restore may have been applied, and no answer named its ${svc.target.noun}: look for a running restore job in the console before sending it again.` };
    return followUp(svc, flags, connection, id, "status", "The restore may have been applied: check its status before sending it again:");
  }
  if (fate === "accepted") {
    if (id === undefined) return { advice: `The restore was accepted: do not send it again. Its answer named no ${svc.target.noun} to follow; look for it in the console.` };
    return followUp(svc, flags, connection, id, "wait", "The restore was accepted: do not send it again; follow it with:");
  }
  if (error instanceof Error && error.name === "AbortedError") {
    return { advice: fate === "refused" ? "Interrupted after the service refused the restore: nothing was applied." : "Interrupted before the restore was sent: nothing was applied." };
  }
  return undefined;
}

/**
 * What to do after waiting stopped: resume it after a timeout or Ctrl-C; after a read the
 * service refused, check the state (when the command itself saw the restore accepted).
 */
export function afterWaitError(svc: ServiceCli, flags: Flags, connection: Connection, id: string, error: unknown, restoreAccepted: boolean): NextStep | undefined {
  if (error instanceof Error && (error.name === "WaitTimeoutError" || error.name === "AbortedError")) {
    return followUp(svc, flags, connection, id, "wait", "The restore goes on in the cloud; only the waiting stopped. Resume waiting with:");
  }
  if (!restoreAccepted || (error instanceof Error && error.name === "RestoreFailedError")) return undefined;
  return followUp(svc, flags, connection, id, "status", "The restore was accepted, but its state could not be read: check it with:");
}
