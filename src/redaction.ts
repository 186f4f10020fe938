/**
 * Keeps credentials out of everything restorekit prints or throws. Each auth mode registers the
 * secrets it holds (token, password, SK, signatures); `redact` replaces any of them in a string.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Registers a secret. Very short values are ignored: they would mask ordinary text. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    // Rotating tokens would otherwise grow the set for the life of the process.
    if (this.#secrets.size > 64) this.#secrets.delete(this.#secrets.values().next().value as string);
  }

  redact(text: string): string {
    // Signatures change on every attempt, so they are recognised by shape rather than registered.
    let out = text.replace(/Signature=[0-9a-fA-F]{16,}/g, "Signature=[REDACTED]");
    for (const secret of this.#secrets) if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
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

/** A copy of the headers with every credential replaced by `[REDACTED]`. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "authorization" && value.startsWith("SDK-HMAC-SHA256 ")) {
      // Keep the signed header names for debugging; hide the access key and the signature.
      out[name] = value.replace(/Access=[^,]*/, "Access=[REDACTED]").replace(/Signature=\w+/, "Signature=[REDACTED]");
    } else {
      out[name] = secretHeaders.has(name.toLowerCase()) ? "[REDACTED]" : value;
    }
  }
  return out;
}
