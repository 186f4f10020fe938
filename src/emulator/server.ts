import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { Socket } from "node:net";
import { type Caller, TokenStore, authenticate } from "./auth.js";
import { controlRoute } from "./control.js";
import type { FaultInjector } from "./faults.js";
import * as cbrReads from "./handlers/cbr-reads.js";
import * as cbr from "./handlers/cbr.js";
import type { Handler } from "./handlers/context.js";
import * as csbsReads from "./handlers/csbs-reads.js";
import * as csbs from "./handlers/csbs.js";
import { createTemporaryAccessKeyByAgency, createToken } from "./handlers/iam.js";
import * as evsReads from "./handlers/evs-reads.js";
import * as rdsReads from "./handlers/rds-reads.js";
import * as rds from "./handlers/rds.js";
import * as vbsReads from "./handlers/vbs-reads.js";
import * as vbs from "./handlers/vbs.js";
import { metadataService, securityKeyPath } from "./metadata.js";
import type { EmulatorCredentials, Fault } from "./options.js";
import { randomHex, randomUuid } from "./random.js";
import type { RateLimiter } from "./rate-limit.js";
import { checkRequest } from "./request-checks.js";
import { route } from "./router.js";
import { ServiceRefusal, codes, errorBody, errorStyleOf, familyOf, throttledCode } from "./service-errors.js";
import type { EmulatorState } from "./state.js";
import { TemporaryKeyStore } from "./temporary-keys.js";
import type { StatsCounter } from "./stats.js";

export interface ServerSettings {
  readonly state: EmulatorState;
  readonly credentials: EmulatorCredentials;
  readonly faults: FaultInjector;
  readonly random: () => number;
  readonly clock: () => number;
  readonly duration: () => number;
  readonly tokenTtlMs: number;
  readonly log: ((line: string) => void) | undefined;
  /** The longest a request may take to arrive, headers and body (a slow client is cut off). */
  readonly requestTimeoutMs: number;
  /** Aborts when the emulator stops: nothing in flight is applied after that. */
  readonly stopping: AbortSignal;
  /** The lifetime of the emulated ECS metadata service's credentials; the service is off when undefined. */
  readonly metadataTtlMs: number | undefined;
  /** Per project and service endpoint; none when the rate limit is off. */
  readonly limiter: RateLimiter | undefined;
  readonly stats: StatsCounter;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

const maxBodyBytes = 1 << 20;

/** Waits `ms`, or until the emulator stops (then it rejects, and the request is dropped unapplied). */
const pause = (ms: number, stopping: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (stopping.aborted) return reject(stopping.reason);
    const timer = setTimeout(() => {
      stopping.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(stopping.reason);
    };
    stopping.addEventListener("abort", stop, { once: true });
  });

/** The body, or `undefined` when it is larger than 1 MiB; rejects when the connection closes first. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= maxBodyBytes) chunks.push(c);
    });
    req.on("end", () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new Error("the request was cut off"));
    });
  });
}

/** The HTTP server: routing, faults, auth, validation from the specs, handlers, logging. */
export function createEmulatorServer(s: ServerSettings) {
  const tokens = new TokenStore();
  const temporaryKeys = new TemporaryKeyStore();
  const metadata = s.metadataTtlMs === undefined ? undefined : metadataService(temporaryKeys, s.credentials.projectId, s.random, s.clock, s.metadataTtlMs);
  const handlers: Record<string, Handler> = {
    "cbr.restoreBackup": cbr.restoreBackup,
    "cbr.showBackup": cbr.showBackup,
    "csbs.createRestore": csbs.createRestore,
    "csbs.showCheckpointItem": csbs.showCheckpointItem,
    "vbs.restoreBackup": vbs.restoreBackup,
    "vbs.showVolume": vbs.showVolume,
    "rds.restoreToExistingInstance": rds.restoreToExistingInstance,
    "rds.showJob": rds.showJob,
    "cbr.listBackups": cbrReads.listBackups,
    "cbr.listOpLogs": cbrReads.listOpLogs,
    "csbs.listCheckpointItems": csbsReads.listCheckpointItems,
    "vbs.showBackup": vbsReads.showBackup,
    "vbs.listBackupsDetail": vbsReads.listBackupsDetail,
    "vbs.listVolumes": evsReads.listVolumes,
    "rds.listInstances": rdsReads.listInstances,
    "rds.listBackups": rdsReads.listBackups,
    "rds.showRestoreTime": rdsReads.showRestoreTime,
    "rds.listTasks": rdsReads.listTasks,
    "iam.createToken": createToken(s.credentials, tokens, s.tokenTtlMs, s.random),
    "iam.createTemporaryAccessKeyByAgency": createTemporaryAccessKeyByAgency(s.credentials, temporaryKeys, s.random),
  };
  const sockets = new Set<Socket>();
  let selfOrigin = "";

  const send = async (res: ServerResponse, requestId: string, reply: Reply, slowMs: number, malformed: boolean) => {
    let text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    if (malformed) text = text ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : "{";
    res.writeHead(reply.status, {
      "X-Request-Id": requestId,
      ...(text ? { "Content-Type": "application/json" } : {}),
      "Content-Length": Buffer.byteLength(text),
      ...reply.headers,
    });
    if (slowMs > 0 && text) {
      const bytes = Buffer.from(text);
      const step = Math.max(1, Math.ceil(bytes.length / 10));
      for (let i = 0; i < bytes.length; i += step) {
        res.write(bytes.subarray(i, i + step));
        await pause(slowMs / Math.ceil(bytes.length / step), s.stopping);
      }
      res.end();
    } else res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = s.clock();
    const requestId = randomHex(s.random, 16);
    const rawUrl = req.url ?? "/";
    // Only the first `?` starts the query: `?id=A?id=B` is one parameter whose value is `A?id=B`.
    const cut = rawUrl.indexOf("?");
    const rawPath = cut < 0 ? rawUrl : rawUrl.slice(0, cut);
    const rawQuery = cut < 0 ? "" : rawUrl.slice(cut + 1);
    let status = 0;
    let operation = "-";
    let caller: Caller | undefined;
    const finish = () => {
      if (operation !== "-") s.stats.answered(operation, status);
      s.log?.(
        JSON.stringify({ time: new Date(started).toISOString(), method: req.method, path: rawPath, status, ms: s.clock() - started, requestId, operation, auth: caller?.ok ? caller.via : "none" }),
      );
    };
    const body = await readBody(req);
    if (body === undefined) {
      status = 413;
      await send(res, requestId, { status, body: errorBody(familyOf(rawPath), 413, "Request.TooLarge", "The request body is larger than 1 MiB.") }, 0, false);
      return finish();
    }
    if (metadata && rawPath === securityKeyPath) {
      operation = "ecs.securitykey";
      const reply = metadata(req.method ?? "GET", req.socket.remoteAddress);
      status = reply.status;
      await send(res, requestId, reply, 0, false);
      return finish();
    }
    if (rawPath.startsWith("/__emulator/")) {
      const reply = controlRoute(req, rawPath, body, { state: s.state, faults: s.faults, stats: s.stats, selfOrigin });
      status = reply.status;
      await send(res, requestId, reply, 0, false);
      return finish();
    }
    const family = familyOf(rawPath);
    const query = new URLSearchParams(rawQuery);
    const match = route(req.method ?? "GET", rawPath, query);
    if (match.kind !== "found") {
      status = match.kind === "none" ? 404 : 405;
      const message = match.kind === "none" ? `No route for ${rawPath}.` : `The method ${req.method} is not allowed for ${rawPath}; allowed: ${match.allowed.join(", ")}.`;
      const headers = match.kind === "wrongMethod" ? { Allow: match.allowed.join(", ") } : undefined;
      await send(res, requestId, { status, body: errorBody(family, status, status === 404 ? "APIGW.0101" : "APIGW.0105", message), ...(headers ? { headers } : {}) }, 0, false);
      return finish();
    }
    const { op, params } = match;
    operation = `${op.service}.${op.operationId}`;
    const { family: bodyFamily, key } = errorStyleOf(op, family);
    // The gateway's throttling comes first: a refused request is not processed (IAM is not limited here).
    const wait = s.limiter && op.service !== "iam" ? s.limiter.take(`${params.project_id ?? s.credentials.projectId} ${op.endpoint}`) : 0;
    if (s.limiter && wait > 0) {
      s.stats.limited(op.endpoint);
      status = 429;
      const message = `The throttling threshold has been reached: policy project over ratelimit,limit:${s.limiter.limit.requestsPerSecond},time:1 second`;
      await send(res, requestId, { status, body: errorBody(bodyFamily, 429, throttledCode, message), headers: { "Retry-After": String(wait) } }, 0, false);
      return finish();
    }
    const faults = s.faults.draw(operation);
    const find = <K extends Fault["kind"]>(kind: K) => faults.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
    const latency = find("latency");
    if (latency) await pause(latency.ms, s.stopping);
    const status5xx = find("status");
    const before = status5xx && [429, 500, 503].includes(status5xx.status);
    if (find("reset")) {
      status = 0;
      req.socket.destroy();
      return finish();
    }
    if (status5xx && before) {
      status = status5xx.status;
      const headers = status5xx.retryAfter ? { "Retry-After": status5xx.retryAfter } : undefined;
      await send(res, requestId, { status, body: errorBody(bodyFamily, status, "Emulator.Injected", `Injected ${status}.`), ...(headers ? { headers } : {}) }, 0, false);
      return finish();
    }
    let reply: Reply;
    try {
      if (op.secured) {
        caller = authenticate({ method: req.method ?? "GET", rawUrl, headers: req.headers, body }, s.credentials, tokens, temporaryKeys, s.clock());
        if (!caller.ok) throw new ServiceRefusal(401, codes[key].auth, `Authentication failed: ${caller.reason}.`);
      }
      const checked = checkRequest(op, params, query, body.toString("utf8"));
      if ("message" in checked) throw new ServiceRefusal(400, codes[key].invalid, checked.message);
      const projectId = params.project_id ?? s.credentials.projectId;
      // The emulated account has one project: a key may name no other (X-Project-Id), and a request must be for the caller's.
      if (caller?.ok && caller.projectId !== s.credentials.projectId) {
        throw new ServiceRefusal(403, codes[key].forbidden, `The project ${caller.projectId} is not a project of this account.`);
      }
      if (caller?.ok && params.project_id !== undefined && caller.projectId !== params.project_id) {
        throw new ServiceRefusal(403, codes[key].forbidden, `The credentials are scoped to project ${caller.projectId}, not ${params.project_id}.`);
      }
      const fails = find("restoreFails");
      reply = (handlers[operation] as Handler)({
        state: s.state,
        operationId: op.operationId,
        params,
        query,
        body: checked.body,
        requestId,
        projectId,
        now: s.clock,
        duration: s.duration,
        failure: fails ? { reason: fails.reason ?? "The restoration failed (injected)." } : undefined,
        newId: () => randomUuid(s.random),
      });
    } catch (error) {
      if (!(error instanceof ServiceRefusal)) throw error;
      reply = { status: error.status, body: errorBody(bodyFamily, error.status, error.code, error.message) };
    }
    // Faults after processing: the restore (if any) has been applied.
    if (find("resetAfterApply")) {
      req.socket.destroy();
      return finish();
    }
    if (status5xx) {
      reply = { status: status5xx.status, body: errorBody(bodyFamily, status5xx.status, "Emulator.Injected", `Injected ${status5xx.status} after processing.`) };
    }
    status = reply.status;
    await send(res, requestId, reply, find("slowBody")?.ms ?? 0, find("malformedJson") !== undefined);
    finish();
  };

  const server = createServer({ requestTimeout: s.requestTimeoutMs, headersTimeout: s.requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, s.requestTimeoutMs) }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Stopping, or a client that went away: nothing more to answer.
      if (s.stopping.aborted || req.socket.destroyed) return void req.socket.destroy();
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error_code: "Emulator.500", error_msg: `internal emulator error: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  server.on("listening", () => {
    const address = server.address();
    if (address && typeof address === "object") selfOrigin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return { server, sockets };
}
