import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

/** Starts the loopback server in a child process; resolves with its URL and a stop function. */
export async function spawnLoopbackServer(): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "loopback-server.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolvePort) => child.stdout?.once("data", (d: Buffer) => resolvePort(d.toString().trim())));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}
