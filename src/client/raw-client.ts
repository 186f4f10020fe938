import createClient, { type Client } from "openapi-fetch";
import type { EndpointService } from "../endpoints.js";
import type { ServerSpec } from "../spec/server.js";
import { send } from "../transport/send.js";
import type { ClientCore } from "./core.js";

/**
 * The typed openapi-fetch client of one service, for `{ data, error }` style code, with
 * restorekit's auth, retries, timeouts and hooks underneath. Its requests are signed from the
 * body read back once from the Request (the typed methods sign from the serialized body).
 */
export function rawClient<Paths extends {}>(core: ClientCore, service: EndpointService, servers: readonly ServerSpec[]): Client<Paths> {
  const fetch = async (request: Request): Promise<Response> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const received = await send(
      {
        service,
        operation: "client",
        method: request.method,
        url: request.url,
        headers,
        body: request.body ? await request.text() : "",
        idempotent: request.method === "GET",
      },
      core.settings({}, core.defaultProjectId ?? ""),
    );
    const empty = received.status === 204 || received.status === 304;
    return new Response(empty ? null : received.text, { status: received.status, headers: received.headers });
  };
  return createClient<Paths>({ baseUrl: core.endpoint(service, servers), fetch });
}
