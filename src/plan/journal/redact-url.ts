/** Query parameters of a connection URL that hold a secret (`pg` reads them as connection settings). */
const secretParams = ["password", "sslpassword"] as const;

const mask = "***";

/** The userinfo's password when the URL does not parse (`scheme://user:password@`). */
const userinfoPassword = /^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:)([^@/?#]*)@/i;

/**
 * A connection URL fit for a message or a log: its password (and any `password` or `sslpassword`
 * query parameter) replaced by `***`, e.g. `postgres://user:***@host/db`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(userinfoPassword, `$1${mask}@`).replace(/([?&](?:ssl)?password=)[^&#]*/gi, `$1${mask}`);
  }
  if (parsed.password) parsed.password = mask;
  for (const key of secretParams) if (parsed.searchParams.has(key)) parsed.searchParams.set(key, mask);
  return parsed.toString().replace(/%2A%2A%2A/gi, mask);
}

/** The secrets a connection URL carries, as written and decoded: what no message may contain. */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    found.add(value);
    try {
      found.add(decodeURIComponent(value));
    } catch {
      // Not valid percent-encoding: the raw form is enough.
    }
  };
  try {
    const parsed = new URL(url);
    add(parsed.password);
    for (const key of secretParams) add(parsed.searchParams.get(key));
  } catch {
    add(userinfoPassword.exec(url)?.[2]);
  }
  // The longest first, so that a secret containing another is masked whole.
  return [...found].sort((a, b) => b.length - a.length);
}

/** A function that masks every one of `secrets` in a text. */
export function secretMasker(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.reduce((out, secret) => out.split(secret).join(mask), text);
}

/**
 * Masks the secrets in an error's message and stack, in place, keeping its class and fields
 * (callers match on a database error's message). Returns the error, for `throw scrub(e)`.
 */
export function scrubError(error: unknown, masker: (text: string) => string): unknown {
  if (error instanceof Error) {
    error.message = masker(error.message);
    if (error.stack) error.stack = masker(error.stack);
  }
  return error;
}
