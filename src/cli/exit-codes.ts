import { EndpointError } from "../endpoints.js";
import { AuthError } from "../errors/auth-error.js";
import { RestoreKitError } from "../errors/restorekit-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { RestoreFailedError, WaitTimeoutError } from "../errors/wait-errors.js";

/**
 * 0 success; 1 the service refused or could not be reached (nothing applied); 2 bad usage, validation or configuration
 * (nothing sent); 3 the restore failed while waiting; 4 the wait timed out; 5 the restore may
 * have been applied, or was accepted, but the command could not confirm it (check its status,
 * do not send it again); 130 interrupted.
 */
export const exitCodes = { ok: 0, refused: 1, usage: 2, restoreFailed: 3, waitTimedOut: 4, unconfirmed: 5, interrupted: 130 } as const;

/** A command line that cannot be run: exit 2, nothing sent. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The exit code for an error that ended the command. */
export function exitCodeFor(error: unknown): number {
  // Nothing was sent because of the invocation itself: usage, validation, configuration, credentials.
  if (error instanceof UsageError || error instanceof ValidationError || error instanceof RangeError || error instanceof EndpointError) return exitCodes.usage;
  if (error instanceof AuthError && error.fate === "not-sent") return exitCodes.usage;
  if (error instanceof Error && error.name === "PlanError") return exitCodes.usage;
  if (error instanceof RestoreFailedError) return exitCodes.restoreFailed;
  if (error instanceof WaitTimeoutError) return exitCodes.waitTimedOut;
  if (error instanceof Error && (error.name === "AbortError" || error.name === "AbortedError")) return exitCodes.interrupted;
  // The restore's fate decides the rest: refused is 1; anything that may have been applied is 5.
  if (error instanceof RestoreKitError && (error.fate === "unknown" || error.fate === "accepted")) return exitCodes.unconfirmed;
  return exitCodes.refused;
}

/** One line naming the field, the rule or the service's code. */
export function oneLine(error: unknown): string {
  const problems = (error as { problems?: readonly { message: string; rule: string }[] } | null)?.problems;
  if (error instanceof Error && error.name === "PlanError" && problems?.length) {
    return `${error.message}\n${problems.map((p) => `  ${p.message} [${p.rule}]`).join("\n")}`;
  }
  if (error instanceof ValidationError) {
    const first = error.issues[0];
    return first ? `invalid request: ${first.message} [${first.rule}]${error.issues.length > 1 ? ` (+${error.issues.length - 1} more, see --verbose)` : ""}; nothing was sent` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
