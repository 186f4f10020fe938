import { AuthError } from "../errors/auth-error.js";
import type { Redactor } from "../redaction.js";
import type { Auth } from "./types.js";

/** A fixed token, or a function that returns the current one (called for every attempt). */
export type TokenSource = string | (() => string | Promise<string>);

/** Sends an IAM token as `X-Auth-Token`. */
export function tokenAuth(token: TokenSource): Auth {
  if (typeof token === "string" && token.trim() === "") throw new AuthError("tokenAuth: the token is empty");
  let redactor: Redactor | undefined;
  return {
    kind: "token",
    registerSecrets(r) {
      redactor = r;
      if (typeof token === "string") r.add(token);
    },
    async authorize(request) {
      const value = typeof token === "string" ? token : await token();
      if (typeof value !== "string" || value.trim() === "") throw new AuthError("tokenAuth: the token provider returned no token");
      redactor?.add(value);
      request.headers["X-Auth-Token"] = value;
    },
  };
}
