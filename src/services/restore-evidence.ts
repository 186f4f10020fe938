import type { Evidence, ServiceCall } from "../plan/tracking.js";
import { serviceTimeToLocal } from "../plan/tracking.js";
import type { OperationSpec } from "../spec/operation.js";

/** How far the service's clock (read to the second from `Date`) may be off, when comparing times. */
const clockMarginMs = 2000;

/**
 * The evidence a resource's own status gives: `restoringStatuses` means the restore started;
 * a resource not changed since before the restore was sent means it did not; anything else
 * (changed since, but not restoring: a restore that started and already ended, or another
 * change) cannot tell.
 */
export async function statusEvidence(
  call: ServiceCall,
  read: { readonly op: OperationSpec; readonly input: Record<string, unknown>; readonly member: string },
  restoringStatuses: readonly string[],
  sentAt: Date,
  started: () => Extract<Evidence, { verdict: "started" }>["facts"],
): Promise<Evidence> {
  const { body, received } = await call(read.op, read.input);
  const arrivedAt = Date.now();
  const resource = (body as Record<string, Record<string, unknown> | undefined> | null)?.[read.member];
  const status = typeof resource?.status === "string" ? resource.status : undefined;
  const updatedAt = typeof resource?.updated_at === "string" ? resource.updated_at : undefined;
  const updatedLocal = serviceTimeToLocal(updatedAt, received, arrivedAt);
  const evidence = { read: `${read.op.service}.${read.op.operationId}`, status, updatedAt, requestId: received.requestId };
  if (status !== undefined && restoringStatuses.includes(status)) return { verdict: "started", facts: started(), evidence };
  if (updatedLocal !== undefined && updatedLocal < sentAt.getTime() - clockMarginMs) return { verdict: "not-started", evidence: { ...evidence, unchangedSince: "before the restore was sent" } };
  return { verdict: "unknown", evidence };
}
