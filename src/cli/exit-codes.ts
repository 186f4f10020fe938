import { EndpointError } from "../endpoints.js";
import { AuthError } from "../errors/auth-error.js";
import { RestoreKitError } from "../errors/restorekit-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { RestoreFailedError, WaitTimeoutError } from "../errors/wait-errors.js";

export const exitCodes = { ok: 0, refused: 1, usage: 2, restoreFailed: 3, waitTimedOut: 4, unconfirmed: 5, interrupted: 130 } as const;

/** What each exit code means, for `--help` and the README (a test keeps the three in step). */
export const exitCodeMeanings: readonly (readonly [number, string])[] = [
  [exitCodes.ok, "success (status: the state was read, and the restore has not failed)"],
  [exitCodes.refused, "the service refused or could not be reached: for restore nothing was applied; for status and wait the state could not be read"],
  [exitCodes.usage, "bad usage, validation, configuration or credentials: nothing was sent"],
  [exitCodes.restoreFailed, "the restore failed (while waiting, or as status reads it)"],
  [exitCodes.waitTimedOut, "the wait timed out; the restore goes on in the cloud, and the command that resumes waiting is printed"],
  [exitCodes.unconfirmed, "restore only: it may have been applied, or was accepted, but could not be confirmed; check its status (the command is printed), do not send it again"],
  [exitCodes.interrupted, "interrupted (Ctrl-C); after a restore was accepted, it goes on in the cloud, and the command that resumes waiting is printed"],
];

/** A command line that cannot be run: exit 2, nothing sent. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * The exit code for an error that ended a command. `restore` commands map the request's fate
 * (a restore that may have been applied is 5); `read` commands (status, wait) send no restore,
 * so a read the service refused, or that could not be made, is 1.
 */
export function exitCodeFor(error: unknown, kind: "restore" | "read" = "restore"): number {
  // Nothing was sent because of the invocation itself: usage, validation, configuration, credentials.
  if (error instanceof UsageError || error instanceof ValidationError || error instanceof EndpointError) return exitCodes.usage;
  if (error instanceof AuthError && error.fate === "not-sent") return exitCodes.usage;
  if (error instanceof Error && error.name === "PlanError") return exitCodes.usage;
  if (error instanceof RestoreFailedError) return exitCodes.restoreFailed;
  if (error instanceof WaitTimeoutError) return exitCodes.waitTimedOut;
  if (error instanceof Error && (error.name === "AbortError" || error.name === "AbortedError")) return exitCodes.interrupted;
  // A restore's fate decides the rest: refused is 1; anything that may have been applied is 5.
  if (kind === "restore" && error instanceof RestoreKitError && (error.fate === "unknown" || error.fate === "accepted")) return exitCodes.unconfirmed;
  return exitCodes.refused;
}
