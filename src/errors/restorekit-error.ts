const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** The options of a restorekit error: the cause, and the facts it carries as fields. */
export interface RestoreKitErrorOptions {
  readonly cause?: unknown;
  /** Plain data copied onto the error as fields, and the only fields `toJSON()` and `util.inspect` show. */
  readonly facts?: object;
}

/**
 * The base of every error restorekit throws. Its fields are the plain facts its subclass passes;
 * `toJSON()` and `util.inspect` show only those facts and the message, so that nothing the
 * error does not mean to show (a request, a header, a credential) leaks through a log.
 */
export class RestoreKitError extends Error {
  override readonly name: string = "RestoreKitError";
  readonly #facts: object;

  constructor(message: string, options: RestoreKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: safeCause(options.cause) });
    this.#facts = options.facts ?? {};
    Object.assign(this, this.#facts);
  }

  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof RestoreKitError ? this.cause.toJSON() : this.cause;
    return { name: this.name, message: this.message, ...this.#facts, ...(cause === undefined ? {} : { cause }) };
  }

  [inspectSymbol](): string {
    return `${this.name}: ${this.message}\n${JSON.stringify(this.toJSON(), null, 2)}\n${this.stack?.split("\n").slice(1).join("\n") ?? ""}`;
  }
}

/**
 * A cause reduced to what is safe to keep: a restorekit error as it is, anything else as its
 * name, message and code (a fetch failure's code says whether the server was reached).
 */
function safeCause(cause: unknown): unknown {
  if (cause instanceof RestoreKitError) return cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
    return { name: cause.name, message: cause.message, ...(typeof code === "string" ? { code } : {}) };
  }
  return String(cause);
}
