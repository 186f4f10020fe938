/**
 * The loopback server the per-request and cold-start figures are measured against. It runs in a
 * child process (see `startLoopback`) so that its CPU time is not charged to the client. It
 * answers every request like a CBR restore: 202, no body, keep-alive. It prints its port.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(202, { "Content-Length": "0", "X-Request-Id": "bench-0000" });
    res.end();
  });
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on("SIGTERM", () => process.exit(0));
