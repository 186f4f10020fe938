/**
 * The canonical request of SDK-HMAC-SHA256 signing, as the API gateway of Huawei Cloud and Open
 * Telekom Cloud computes it. Pure string functions: the SDK signs with them, and the emulator
 * verifies with them.
 */

const unreservedPath = /^[A-Za-z0-9\-_.~/]*$/;

/**
 * Percent-encodes every UTF-8 byte except the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`
 * (`encodeURIComponent` leaves `! ' ( ) *` as they are, so those are encoded after it). Lone
 * surrogates are encoded as U+FFFD, as a URL would carry them.
 */
export function signingEncode(text: string): string {
  return encodeURIComponent(text.toWellFormed()).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Percent-decodes a path the lenient way the gateway does: valid `%XX` sequences become bytes, anything else stays, bad UTF-8 becomes U+FFFD. */
function decodePath(path: string): string {
  if (!path.includes("%")) return path;
  const bytes: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const hex = path[i] === "%" ? path.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...new TextEncoder().encode(path[i]));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * The URI line, as the API gateway's reference signers compute it: the request path
 * percent-decoded, split on `/`, each segment encoded once, ending in `/`. (An encoded `/` in a
 * value therefore signs as a separator, as the gateway verifies it.)
 */
export function canonicalUri(pathname: string): string {
  const path = unreservedPath.test(pathname) ? pathname : decodePath(pathname).split("/").map(signingEncode).join("/");
  return path.endsWith("/") ? path : `${path}/`;
}

/** The query line: parameters sorted by name (then by value), each `name=value` encoded, joined by `&`. */
export function canonicalQuery(params: URLSearchParams): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) {
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }
  const lines: string[] = [];
  for (const name of [...byName.keys()].sort()) {
    for (const value of (byName.get(name) as string[]).sort()) {
      lines.push(`${signingEncode(name)}=${signingEncode(value)}`);
    }
  }
  return lines.join("&");
}

/** What a signature covers. Header names are lower-case; every header given here is signed. */
export interface SigningInput {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** SHA-256 of the body as sent, in lower-case hex. */
  readonly payloadHash: string;
}

/**
 * The canonical request: method, URI, query, headers, signed names and payload hash, joined by LF.
 * `names` are the header names sorted, when the caller has them already.
 */
export function canonicalRequest(input: SigningInput, names: readonly string[] = Object.keys(input.headers).sort()): string {
  let headerLines = "";
  for (const name of names) headerLines += `${name}:${input.headers[name]}\n`;
  const { url } = input;
  return `${input.method.toUpperCase()}\n${canonicalUri(url.pathname)}\n${url.search ? canonicalQuery(url.searchParams) : ""}\n${headerLines}\n${names.join(";")}\n${input.payloadHash}`;
}

/** The last date formatted, by whole second: requests signed within one second share it. */
let lastDate = { second: Number.NaN, text: "" };

/** `X-Sdk-Date`'s format: `YYYYMMDDTHHMMSSZ`, UTC. */
export function sdkDate(at: Date): string {
  const second = Math.floor(at.getTime() / 1000);
  if (second !== lastDate.second) {
    const iso = at.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
    lastDate = { second, text: `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z` };
  }
  return lastDate.text;
}

/** Reads an `X-Sdk-Date` value back into a time, or `undefined` when it is not one. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return sdkDate(at) === value ? at : undefined;
}
