import { spawn } from "node:child_process";
import { resolve } from "node:path";

export interface Loopback {
  readonly url: string;
  stop(): void;
}

/** Starts bench/lib/loopback-server.ts in its own process and resolves with its URL. */
export function startLoopback(): Promise<Loopback> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "loopback-server.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`loopback server exited early (${code})`)));
    child.stdout.once("data", (chunk: Buffer) => {
      child.removeAllListeners("exit");
      done({ url: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill("SIGTERM") });
    });
  });
}
