/**
 * What is known about the request an error is about (for a restore: whether it was applied).
 * - `not-sent`: validation failed, or the request provably never left;
 * - `refused`: the service answered 4xx, or 429/503 before processing;
 * - `unknown`: a timeout, a connection lost after sending, a 5xx or a 3xx: it may have been applied;
 * - `accepted`: a 2xx arrived, and something after it failed.
 */
export type RequestFate = "not-sent" | "refused" | "unknown" | "accepted";

/** The options of a restorekit error: the cause, the facts it carries as fields, and its fate. */
export interface RestoreKitErrorOptions {
  readonly cause?: unknown;
  /** Plain data copied onto the error as fields, and the only fields `toJSON()` and `util.inspect` show. */
  readonly facts?: object;
  /** Default `not-sent`: errors raised before a request leaves. */
  readonly fate?: RequestFate;
  /** Applied to the message and to every message of the cause chain (the client's redactor). */
  readonly redact?: (text: string) => string;
}

const same = (text: string) => text;

/** Sets a fate after construction; assigned in the class's static block, where the private facts are visible. */
let settle: (error: RestoreKitError, fate: RequestFate, note: string | undefined) => void;

/**
 * The base of every error restorekit throws. Its fields are the plain facts its subclass passes,
 * plus `fate`; they are its only enumerable fields, so `toJSON()` and `util.inspect` show only
 * those facts, the (redacted) message and a reduced cause: nothing the error does not mean to
 * show (a request, a header, a credential) leaks through a log.
 */
export class RestoreKitError extends Error {
  override readonly name: string = "RestoreKitError";
  /** What is known about the request this error is about; see {@link RequestFate}. */
  declare readonly fate: RequestFate;
  #facts: object;

  constructor(message: string, options: RestoreKitErrorOptions = {}) {
    const redact = options.redact ?? same;
    super(redact(message), options.cause === undefined ? undefined : { cause: safeCause(options.cause, redact, 0) });
    this.#facts = { fate: options.fate ?? "not-sent", ...options.facts };
    Object.assign(this, this.#facts);
  }

  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof RestoreKitError ? this.cause.toJSON() : this.cause;
    return { name: this.name, message: this.message, ...this.#facts, ...(cause === undefined ? {} : { cause }) };
  }

  static {
    settle = (error, fate, note) => {
      error.#facts = { ...error.#facts, fate };
      Object.assign(error, { fate });
      if (note && !error.message.endsWith(note)) error.message += `; ${note}`;
    };
  }
}

/**
 * What the fate means for a restore, as advice; nothing for reads. Messages, the CLI's exit
 * codes and its advice all follow from it.
 */
export function fateAdvice(fate: RequestFate): string | undefined {
  if (fate === "unknown") return "the restore may have been applied: check the resource's status before sending it again";
  if (fate === "accepted") return "the restore was accepted: do not send it again, check its status instead";
  return fate === "not-sent" ? "nothing was sent" : undefined;
}

/** Sets an error's fate once the transport knows it, adding the restore's advice to its message. */
export function settleFate(error: RestoreKitError, fate: RequestFate, restore: boolean): RestoreKitError {
  settle(error, fate, restore ? fateAdvice(fate) : undefined);
  return error;
}

/**
 * A cause reduced to what is safe to keep: a restorekit error as it is, anything else as its
 * name, redacted message, code and (as deep as four levels) its own cause; never a stack.
 */
function safeCause(cause: unknown, redact: (text: string) => string, depth: number): unknown {
  if (cause instanceof RestoreKitError) return cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const inner = depth < 4 && cause.cause !== undefined ? safeCause(cause.cause, redact, depth + 1) : undefined;
    return { name: cause.name, message: redact(cause.message), ...(typeof code === "string" ? { code } : {}), ...(inner === undefined ? {} : { cause: inner }) };
  }
  return redact(String(cause));
}
