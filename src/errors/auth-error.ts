import { RestoreKitError } from "./restorekit-error.js";

/** Credentials are missing, incomplete or were refused while logging in. */
export class AuthError extends RestoreKitError {
  override readonly name = "AuthError";
}
