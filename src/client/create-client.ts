import createClient from "openapi-fetch";
import type { AuthContext } from "../auth/types.js";
import { resolveEndpoint } from "../endpoints.js";
import { Redactor } from "../redaction.js";
import { type TransportSettings, send } from "../transport/send.js";
import type { CallContext } from "./call.js";
import type { CallOptions, RestoreClientOptions } from "./options.js";
import { type RestoreClient, type ServiceName, buildServices } from "./services.js";

const defaults = { timeoutMs: 60_000, maxRetries: 2, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

/**
 * A client for the four restore APIs. Endpoints are resolved when a service is first used, so a
 * client for one service does not need a region the others lack.
 */
export function createRestoreClient(options: RestoreClientOptions): RestoreClient {
  const cloud = options.cloud ?? "huaweicloud";
  const region = options.region ?? options.auth.hints?.region ?? "";
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const redactor = new Redactor();
  options.auth.registerSecrets(redactor);
  const endpoint = (service: ServiceName | "iam") => resolveEndpoint(service, cloud, region, options.endpoints);

  const authContext = (projectId: string, signal?: AbortSignal): AuthContext => ({
    cloud,
    region,
    projectId,
    iamEndpoint: () => endpoint("iam"),
    fetch: fetchImpl,
    signal,
    redactor,
  });
  const settings = (call: CallOptions, projectId: string): TransportSettings => {
    const signal = combineSignals(options.signal, call.signal);
    return {
      fetch: fetchImpl,
      auth: options.auth,
      authContext: authContext(projectId, signal),
      redactor,
      timeoutMs: call.timeoutMs ?? options.timeoutMs ?? defaults.timeoutMs,
      maxRetries: call.maxRetries ?? options.maxRetries ?? defaults.maxRetries,
      baseDelayMs: call.baseDelayMs ?? options.baseDelayMs ?? defaults.baseDelayMs,
      maxDelayMs: call.maxDelayMs ?? options.maxDelayMs ?? defaults.maxDelayMs,
      maxRetryAfterMs: call.maxRetryAfterMs ?? options.maxRetryAfterMs ?? defaults.maxRetryAfterMs,
      retryUnsafe: call.retryUnsafe ?? options.retryUnsafe ?? false,
      signal,
      hooks: options,
    };
  };
  const projectId = options.projectId ?? options.auth.hints?.projectId;
  return buildServices((service) => {
    const client = createClient<Record<string, never>>({ baseUrl: endpoint(service) });
    const context: CallContext = { client, redactor, defaultProjectId: projectId, settings };
    const rawFetch = async (request: Request): Promise<Response> => {
      // The raw client's requests: sign from the body read back (the typed methods sign from the
      // serialized body and never pay for this).
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => {
        headers[k] = v;
      });
      const body = request.body ? await request.text() : "";
      const received = await send(
        { service, operation: "raw", method: request.method, url: request.url, headers, body, idempotent: request.method === "GET" },
        settings({}, projectId ?? ""),
      );
      return new Response(received.status === 204 ? null : received.text, { status: received.status, headers: received.headers });
    };
    return { context, raw: () => createClient({ baseUrl: endpoint(service), fetch: rawFetch }) };
  });
}
