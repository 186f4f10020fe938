import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const cliPath = resolve(import.meta.dirname, "../../dist/cli.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `restorekit` binary with a clean environment plus `env`. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, onStdout?: (text: string, kill: () => void) => void): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, () => child.kill("SIGINT"));
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}
