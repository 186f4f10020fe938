/** What an error body says, whichever of the documented shapes it has. */
export interface ParsedErrorBody {
  readonly code: string | undefined;
  readonly message: string | undefined;
  /** The body as JSON, or as text when it is not JSON; `undefined` when empty. */
  readonly body: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;

/**
 * Reads the three error shapes of these services: `{error_code, error_msg}` (CBR, CSBS, RDS),
 * an OpenStack fault such as `{badRequest: {code: 400, message}}` (VBS), and `{error: {code,
 * message}}` (gateways, IAM). Non-JSON and empty bodies give no code and no message.
 */
export function parseErrorBody(raw: string): ParsedErrorBody {
  if (raw.trim() === "") return { code: undefined, message: undefined, body: undefined };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { code: undefined, message: undefined, body: raw };
  }
  if (!isRecord(json)) return { code: undefined, message: undefined, body: json };
  if ("error_code" in json || "error_msg" in json) {
    return { code: text(json.error_code), message: text(json.error_msg), body: json };
  }
  if (isRecord(json.error)) {
    return { code: text(json.error.code), message: text(json.error.message), body: json };
  }
  const keys = Object.keys(json);
  const only = keys.length === 1 ? json[keys[0] as string] : undefined;
  if (isRecord(only) && ("message" in only || "code" in only)) {
    // OpenStack fault: the member's name (`itemNotFound`) is the most specific code there is.
    return { code: keys[0], message: text(only.message), body: json };
  }
  return { code: undefined, message: undefined, body: json };
}
