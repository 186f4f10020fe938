import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type PrepaidTicket, SendWindowClosed, limitedFetch, withPrepaidToken } from "../../src/plan/limited-fetch.js";
import { AdaptiveRate } from "../../src/plan/rate-limiter.js";

let received = 0;
const server = createServer((_req, res) => {
  received++;
  res.end("{}");
});
let url: string;
beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/restore`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const ticket = (sendBy: number): PrepaidTicket => ({ used: false, throttles: 0, refused: false, sendBy });

it("a request whose send window has closed never reaches the server, and its ticket says so", async () => {
  const counts = { requests: 0, throttled: 0 };
  const send = limitedFetch(new AdaptiveRate({ initialRate: 100 }), counts);
  const closed = ticket(performance.now() - 1);
  await expect(withPrepaidToken(closed, () => send(url, { method: "POST" }))).rejects.toBeInstanceOf(SendWindowClosed);
  expect(closed.refused).toBe(true);
  expect(received).toBe(0);
  expect(counts.requests).toBe(0);
  // Within its window, the same request goes.
  const open = ticket(performance.now() + 10_000);
  expect((await withPrepaidToken(open, () => send(url, { method: "POST" }))).status).toBe(200);
  expect(open.refused).toBe(false);
  expect(received).toBe(1);
});
