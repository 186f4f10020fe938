import * as nodeCrypto from "node:crypto";

/**
 * The gateway's rule, written from the API gateway's reference signers: percent-decode the path,
 * split it on "/", encode each segment with only A-Z a-z 0-9 - _ . ~ left as they are. For
 * values the vendor's client itself mangles (its URL parser pre-escapes a space, so the space is
 * encoded twice), this is the reference.
 */
export function gatewaySignature(method: string, rawPath: string, headers: Record<string, string>, body: string, date: string, sk: string): string {
  const encode = (s: string) => Array.from(new TextEncoder().encode(s), (b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
  const decoded = Buffer.from(rawPath.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))), "latin1").toString("utf8");
  let uri = decoded.split("/").map(encode).join("/");
  if (!uri.endsWith("/")) uri += "/";
  const names = Object.keys(headers).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const sha = (t: string) => nodeCrypto.createHash("sha256").update(t).digest("hex");
  const canonical = [method, uri, "", ...names.map((n) => `${n}:${lower[n]}`), "", names.join(";"), sha(body)].join("\n");
  return nodeCrypto.createHmac("sha256", sk).update(`SDK-HMAC-SHA256\n${date}\n${sha(canonical)}`).digest("hex");
}

