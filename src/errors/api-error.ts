import { type RequestFate, RestoreKitError } from "./restorekit-error.js";

export interface ApiErrorFacts {
  readonly status: number;
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
  readonly service: string;
  readonly operation: string;
  readonly body: unknown;
  /** Milliseconds to wait before retrying, from `Retry-After`, when the service sent one. */
  readonly retryAfterMs?: number | undefined;
  /** A redirect's target host (restorekit never follows redirects). */
  readonly location?: string | undefined;
}

/** The fate a status alone tells: 4xx (429 and 503 included) refused; 3xx and other 5xx unknown. */
export const fateOfStatus = (status: number): RequestFate => (status === 503 || (status >= 400 && status < 500) ? "refused" : status < 300 ? "accepted" : "unknown");

/** The service answered with an error status. Subclasses say what the status means. */
export class ApiError extends RestoreKitError {
  override readonly name: string = "ApiError";
  declare readonly status: number;
  declare readonly code: string | undefined;
  declare readonly requestId: string | undefined;
  declare readonly service: string;
  declare readonly operation: string;
  declare readonly body: unknown;
  declare readonly retryAfterMs: number | undefined;

  constructor({ message, retryAfterMs, location, ...facts }: ApiErrorFacts, fate: RequestFate = fateOfStatus(facts.status)) {
    const what = [facts.code, message].filter(Boolean).join(": ") || "no error details in the response";
    const id = facts.requestId ? ` (request id ${facts.requestId})` : "";
    super(`${facts.service}.${facts.operation} failed with HTTP ${facts.status}: ${what}${id}`, {
      facts: { ...facts, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...(location === undefined ? {} : { location }) },
      fate,
    });
  }
}

/**
 * 3xx: the service (or something in front of it) redirected the request. restorekit never
 * follows a redirect, so credentials and bodies go to no other host; `location` names the
 * target's host. A redirected restore may have been applied.
 */
export class RedirectError extends ApiError {
  override readonly name = "RedirectError";
  declare readonly location: string | undefined;
}
/** 400: the service refused the request's content. */
export class BadRequestError extends ApiError {
  override readonly name = "BadRequestError";
}
/** 401: the token or the signature was refused. */
export class UnauthorizedError extends ApiError {
  override readonly name = "UnauthorizedError";
}
/** 403: the credentials may not perform this operation. */
export class ForbiddenError extends ApiError {
  override readonly name = "ForbiddenError";
}
/** 404: the backup, instance or target does not exist (or the path is wrong). */
export class NotFoundError extends ApiError {
  override readonly name = "NotFoundError";
}
/** 409: the resource is busy or in a state that forbids the operation, for example a restore already running. */
export class ConflictError extends ApiError {
  override readonly name = "ConflictError";
}
/** 429: too many requests; `retryAfterMs` says when to try again. */
export class RateLimitError extends ApiError {
  override readonly name = "RateLimitError";
}
/** 5xx: the service or a gateway failed. */
export class ServerError extends ApiError {
  override readonly name = "ServerError";
}

const byStatus: Readonly<Record<number, typeof ApiError>> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

/** The error class for a status. */
export function apiErrorFor(facts: ApiErrorFacts, fate?: RequestFate): ApiError {
  const { status } = facts;
  const Class = status < 400 ? RedirectError : status >= 500 ? ServerError : (byStatus[status] ?? ApiError);
  return new Class(facts, fate);
}
