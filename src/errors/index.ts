export { RestoreKitError, type RequestFate } from "./restorekit-error.js";
export {
  ApiError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ServerError,
  RedirectError,
  type ApiErrorFacts,
} from "./api-error.js";
export { ValidationError } from "./validation-error.js";
export { AuthError } from "./auth-error.js";
export { ConnectionError, TimeoutError, MalformedResponseError, ResponseTooLargeError, AbortedError, HookError } from "./transport-errors.js";
export { RestoreFailedError, WaitTimeoutError } from "./wait-errors.js";
