import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const cliPath = resolve(import.meta.dirname, "../../dist/cli.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** Written to the command's standard input, which is then closed; otherwise stdin is /dev/null. */
  readonly input?: string;
  /** Called with everything written to stderr so far. */
  readonly onStderr?: (text: string, kill: () => void) => void;
}

/**
 * Runs the built `restorekit` binary with a clean environment plus `env`. `kill` presses Ctrl-C once:
 * it sends one SIGINT however often it is called, since the callbacks see the output grow chunk by chunk
 * and a second Ctrl-C means "exit now" to the CLI.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  onStdout?: (text: string, kill: () => void) => void,
  options: CliRunOptions = {},
): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    const kill = () => {
      if (interrupted) return;
      interrupted = true;
      child.kill("SIGINT");
    };
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, kill);
    });
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString();
      options.onStderr?.(stderr, kill);
    });
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Splits a printed command line as a POSIX shell would (words, single quotes, `'\''`). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (ch === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}
