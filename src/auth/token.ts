import { AuthError } from "../errors/auth-error.js";
import { abortable } from "../transport/sleep.js";
import type { Auth } from "./types.js";

/** What a token provider is told about the request it serves. */
export interface TokenRequestContext {
  /** The project the request is for (tokens are project-scoped). */
  readonly projectId: string;
  /** Aborts when the request is cancelled or its attempt times out; pass it on to whatever fetches the token. */
  readonly signal: AbortSignal;
}

/** A fixed token, or a function that returns the current one (called for every attempt). */
export type TokenSource = string | ((context: TokenRequestContext) => string | Promise<string>);

/**
 * Sends an IAM token as `X-Auth-Token`. A provider is awaited only as long as the request's
 * signal and timeout allow; a token that cannot be a header value (a line-wrapped token file)
 * is refused before anything is sent, without showing it.
 */
export function tokenAuth(token: TokenSource): Auth {
  if (typeof token === "string" && token.trim() === "") throw new AuthError("tokenAuth: the token is empty");
  return {
    kind: "token",
    registerSecrets(redactor) {
      if (typeof token === "string") redactor.pin(token);
    },
    async authorize(request, context) {
      const value = typeof token === "string" ? token : await abortable(Promise.resolve(token({ projectId: context.projectId, signal: context.signal })), context.signal);
      if (typeof value !== "string" || value.trim() === "") throw new AuthError("tokenAuth: the token provider returned no token");
      context.redactor.add(value);
      request.headers["X-Auth-Token"] = value;
    },
  };
}
