/**
 * A keep-alive loopback server answering every POST with 202 and no body, like a restore.
 * Run as its own process (`node --import tsx bench/lib/loopback-server.ts`) so that its CPU time
 * is not counted against the client being measured. Prints its port on stdout.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(202, { "X-Request-Id": "bench" });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
