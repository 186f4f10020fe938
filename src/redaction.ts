/** How many short-lived secrets (issued tokens, signatures) a redactor remembers. */
const rotatingLimit = 512;

/** A secret as it may be echoed: as is, JSON-escaped, and percent-encoded. */
function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

/**
 * Keeps credentials out of everything restorekit prints or throws. A client's own long-lived
 * secrets (SK, password, fixed token, security token) are pinned and never forgotten; secrets
 * that come and go (issued tokens, signatures) are remembered, newest first, up to a bound.
 */
export class Redactor {
  readonly #pinned = new Set<string>();
  readonly #rotating = new Set<string>();

  /** Registers a secret for as long as the client lives. Very short values are ignored: they would mask ordinary text. */
  pin(secret: string | undefined): void {
    if (secret && secret.length >= 4) for (const form of forms(secret)) this.#pinned.add(form);
  }

  /** Registers a short-lived secret; the oldest is forgotten beyond the bound, never a pinned one. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.#pinned.has(secret)) return;
    for (const form of forms(secret)) {
      this.#rotating.delete(form);
      this.#rotating.add(form);
    }
    while (this.#rotating.size > rotatingLimit) this.#rotating.delete(this.#rotating.values().next().value as string);
  }

  /**
   * Unpins a secret that can no longer be used (a temporary key past its expiry): it is then
   * remembered like a short-lived one, newest first, up to the bound. Pinning every temporary
   * key for good would grow the redactor, and the time each redaction takes, with every rotation.
   */
  release(secret: string | undefined): void {
    if (!secret || !this.#pinned.has(secret)) return;
    for (const form of forms(secret)) this.#pinned.delete(form);
    this.add(secret);
  }

  redact(text: string): string {
    // Signatures change on every attempt; the shape catches one even before it is registered.
    let out = text.replace(/Signature=[0-9a-fA-F]{16,}/g, "Signature=[REDACTED]");
    for (const set of [this.#pinned, this.#rotating]) for (const secret of set) if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
    return out;
  }

  /** A copy of a JSON value with every string redacted (error bodies may echo a request). */
  redactJson(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactJson(v));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactJson(v)]));
    }
    return value;
  }
}

/** Header names whose values are credentials, in lower case. */
export const secretHeaders: ReadonlySet<string> = new Set(["authorization", "x-auth-token", "x-security-token", "x-subject-token"]);

/**
 * A copy of the headers with every credential replaced by `[REDACTED]`, and every other value
 * passed through `redact` (a header may echo a secret).
 */
export function redactHeaders(headers: Readonly<Record<string, string>>, redact: (text: string) => string = (t) => t): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    // A signature keeps its signed header names, for debugging; the access key and the signature go.
    out[name] = lower === "authorization" ? value.replace(/(Access|Signature)=[^,]*/g, "$1=[REDACTED]") : secretHeaders.has(lower) ? "[REDACTED]" : redact(value);
  }
  return out;
}
