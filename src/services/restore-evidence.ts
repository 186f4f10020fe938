import type { AcceptedFacts } from "../plan/journal/journal.js";
import { type Evidence, type ServiceCall, changedAfter, serviceTimeToLocal } from "../plan/tracking.js";
import type { OperationSpec } from "../spec/operation.js";

/** A resource's status and when it last changed, from one read. */
export interface ResourceState {
  readonly status: string | undefined;
  /** When it last changed, on this machine's clock. */
  readonly changedAt: number | undefined;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** Reads one resource (`body[member]`): its status, and its `updated_at` (or `updated`) on this machine's clock. */
export async function readResource(call: ServiceCall, op: OperationSpec, input: Record<string, unknown>, member: string): Promise<ResourceState> {
  const { body, received } = await call(op, input);
  const resource = (body as Record<string, Record<string, unknown> | undefined> | null)?.[member];
  return resourceState(resource, received, `${op.service}.${op.operationId}`);
}

/** A listed or read resource's status and change time. */
export function resourceState(resource: Record<string, unknown> | undefined, received: Parameters<typeof serviceTimeToLocal>[1], read: string): ResourceState {
  const status = typeof resource?.status === "string" ? resource.status : undefined;
  const updated = resource?.updated_at ?? resource?.updated;
  const updatedAt = typeof updated === "string" ? updated : undefined;
  return { status, changedAt: serviceTimeToLocal(updatedAt, received, Date.now()), evidence: { read, status, updatedAt, requestId: received.requestId } };
}

/**
 * The evidence resources' own states give: one in `restoring` means the restore started; all of
 * them unchanged since before the restore was sent means it did not; anything else (changed
 * since, but not restoring: a restore that started and already ended, or another change)
 * cannot tell.
 */
export function statesEvidence(states: readonly (ResourceState & { readonly restoring: readonly string[] })[], sentAt: Date, facts: AcceptedFacts): Evidence {
  const evidence = { reads: states.map((s) => s.evidence) };
  if (states.some((s) => s.status !== undefined && s.restoring.includes(s.status))) return { verdict: "started", facts, evidence };
  if (states.every((s) => s.changedAt !== undefined && !changedAfter(s.changedAt, sentAt))) return { verdict: "not-started", evidence: { ...evidence, unchangedSince: "before the restore was sent" } };
  return { verdict: "unknown", evidence };
}
