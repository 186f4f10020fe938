const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * The base of every error restorekit throws. Its fields are plain data chosen by the subclass;
 * `toJSON()` and `util.inspect` show only those fields and the message, so that nothing the
 * error does not mean to show (a request, a header, a credential) leaks through a log.
 */
export class RestoreKitError extends Error {
  override readonly name: string = "RestoreKitError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: safeCause(options.cause) });
  }

  /** The fields shown by `toJSON()` and `util.inspect`, besides `name` and `message`. */
  protected details(): Record<string, unknown> {
    return {};
  }

  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof RestoreKitError ? this.cause.toJSON() : this.cause;
    return { name: this.name, message: this.message, ...this.details(), ...(cause === undefined ? {} : { cause }) };
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
