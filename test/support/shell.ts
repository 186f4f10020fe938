import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliPath } from "./run-cli.js";

/** A folder with a `restorekit` command that runs the built binary, as an installed package's bin does. */
export function binFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "restorekit-bin-"));
  const bin = join(dir, "restorekit");
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(bin, 0o755);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ShellResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `script` with bash, as a person pasting it into a terminal would (`set -e`: the first failing line ends it). */
export function runShell(script: string, options: { cwd?: string; env: Record<string, string>; timeoutMs?: number }): Promise<ShellResult> {
  return runProcess("bash", ["-e", "-c", script], options);
}

/** Runs a program without blocking this process (an emulator in this process must go on answering). */
export function runProcess(command: string, args: readonly string[], options: { cwd?: string; env: Record<string, string>; timeoutMs?: number }): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running command (an emulator) started in the background; `ready` resolves with its output once `until` matches it. */
export function startBackground(command: string, args: readonly string[], options: { cwd?: string; env: Record<string, string>; until: RegExp; timeoutMs?: number }) {
  // A process group of its own, so that Ctrl-C reaches every process of it (npx runs the bin as a child), as in a terminal.
  const child: ChildProcess = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${options.timeoutMs ?? 20_000} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)), options.timeoutMs ?? 20_000);
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
      if (options.until.test(stdout)) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready; stdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
  /** Ctrl-C to the whole group; resolves with how the first process ended: its exit code, or the signal that ended it. */
  const stop = () =>
    new Promise<number | NodeJS.Signals | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? child.signalCode);
      child.once("close", (code, signal) => resolve(code ?? signal));
      if (child.pid !== undefined) process.kill(-child.pid, "SIGINT");
    });
  return { ready, stop, output: () => ({ stdout, stderr }) };
}

/** The indented lines of the `Try it` block an emulator printed, as a person would copy them. */
export function tryLines(printed: string): string[] {
  const lines = printed.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Try it"));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("  "));
  if (start < 0 || end < 0) throw new Error(`no Try it block in:\n${printed}`);
  return lines.slice(start + 1, end).map((l) => l.slice(2));
}
