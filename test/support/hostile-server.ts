import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";

export interface HostileRequest {
  readonly method: string;
  readonly rawUrl: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** What a hostile handler may do: anything a server, gateway or proxy can do to a response. */
export type HostileHandler = (request: HostileRequest, res: ServerResponse, n: number) => unknown;

export interface HostileServer {
  readonly url: string;
  readonly host: string;
  /** Every request that arrived, body read. */
  readonly requests: HostileRequest[];
  close(): Promise<void>;
}

/**
 * A loopback server written to misbehave: the handler gets the raw response and the request's
 * number, and may redirect, stall, reset, stream without end or answer nonsense.
 */
export async function startHostileServer(handler: HostileHandler = (_r, res) => res.writeHead(202).end()): Promise<HostileServer> {
  const requests: HostileRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = { method: req.method ?? "", rawUrl: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      Promise.resolve(handler(request, res, requests.length)).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const probe = await startHostileServer();
  await probe.close();
  return probe.url;
}

/** Every way a thrown value can end up in a log. */
export function renderings(error: unknown): string[] {
  const e = error as Error;
  return [String(e), e?.message ?? "", JSON.stringify(e), inspect(e, { depth: 10 }), inspect(e?.cause, { depth: 10 }), e?.stack ?? ""];
}
