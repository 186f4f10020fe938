import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

/** Serves a folder over http://127.0.0.1 on a free port. */
export async function serveFolder(folder: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split(/[?#]/)[0] ?? "/")).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(folder, path === "/" ? "index.html" : path));
      res.writeHead(200, { "Content-Type": path.endsWith(".png") ? "image/png" : "text/html; charset=utf-8" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
