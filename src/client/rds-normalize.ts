/**
 * RDS restores: `source.type` defaults to `backup`, and is sent explicitly; in point-in-time mode
 * an empty `backup_id` (which a form or a CLI flag can leave behind) is dropped rather than sent.
 */
export function normalizeRdsRestore(body: Record<string, unknown>): Record<string, unknown> {
  const source = body.source;
  if (typeof source !== "object" || source === null || Array.isArray(source)) return body;
  const next: Record<string, unknown> = { ...(source as Record<string, unknown>) };
  next.type ??= "backup";
  if (next.type === "timestamp" && (next.backup_id === "" || next.backup_id === undefined)) delete next.backup_id;
  return { ...body, source: next };
}
