import { redactHeaders } from "../redaction.js";

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The request as an equivalent `curl` command, with credentials redacted. */
export function toCurl(method: string, url: string, headers: Readonly<Record<string, string>>, body: string): string {
  const parts = ["curl", "-X", method, quote(url)];
  for (const [name, value] of Object.entries(redactHeaders(headers))) parts.push("-H", quote(`${name}: ${value}`));
  if (body) parts.push("--data-raw", quote(body));
  return parts.join(" ");
}
