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
  const says = (body: unknown, code?: unknown, message?: unknown): ParsedErrorBody => ({ code: text(code), message: text(message), body });
  if (raw.trim() === "") return says(undefined);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return says(raw);
  }
  if (!isRecord(json)) return says(json);
  if ("error_code" in json || "error_msg" in json) return says(json, json.error_code, json.error_msg);
  if (isRecord(json.error)) return says(json, json.error.code, json.error.message);
  const keys = Object.keys(json);
  const only = keys.length === 1 ? json[keys[0] as string] : undefined;
  // OpenStack fault: the member's name (`itemNotFound`) is the most specific code there is.
  if (isRecord(only) && ("message" in only || "code" in only)) return says(json, keys[0], only.message);
  return says(json);
}
