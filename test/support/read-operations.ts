import { servers } from "../../generated/endpoints.js";
import { callOperation } from "../../src/client/call.js";
import { createCore } from "../../src/client/core.js";
import type { Emulator } from "../../src/emulator/index.js";
import { type CallOptions, type RestoreClientOptions, akskAuth } from "../../src/index.js";
import type { OperationSpec } from "../../src/spec/operation.js";

/** Calls any generated operation (the read operations included) through `callOperation`, as the plan runner does, against an emulator. */
export function operationCaller(emulator: Emulator, options: Partial<RestoreClientOptions> = {}) {
  const { ak, sk, projectId } = emulator.credentials;
  const core = createCore({ cloud: "otc", region: "eu-de", projectId, auth: akskAuth({ ak, sk }), endpoints: emulator.url, baseDelayMs: 5, maxDelayMs: 20, ...options });
  const context = { core, servers };
  // The answers are JSON; each test asserts the members it reads, so they are left untyped here.
  return (op: OperationSpec, input: Record<string, unknown> = {}, call?: CallOptions) => callOperation(context, op, input, call) as Promise<any>;
}
