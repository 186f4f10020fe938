/** The plan benchmark's child processes (bench/lib/plan-child.ts): compiled once, each run on bare `node`. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { build } from "esbuild";
import type { ChildFigures, ChildInput } from "./plan-child.js";

/** Milliseconds since the epoch, to the sub-millisecond, on a clock every process on this machine shares. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/**
 * The child as plain JavaScript beside the built package, so that it runs on bare `node`: a
 * TypeScript loader in the child would add its own memory to the figures.
 */
export async function compileChild(packageDir: string): Promise<string> {
  const outfile = join(packageDir, "bench-plan-child.mjs");
  await build({ entryPoints: [join(import.meta.dirname, "plan-child.ts")], outfile, format: "esm", platform: "node", target: "node20", logLevel: "warning" });
  return outfile;
}

/** A child's figures, with when its process was spawned and when it exited ({@link epochMs}). */
export interface ChildRun {
  readonly figures: ChildFigures;
  readonly spawnedAt: number;
  readonly exitedAt: number;
}

/** Runs the child asynchronously: the emulator it talks to runs on this process's event loop. */
export async function runChild(script: string, input: ChildInput): Promise<ChildRun> {
  const spawnedAt = epochMs();
  const child = spawn(process.execPath, [script, JSON.stringify(input)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += String(chunk);
  });
  const [code] = (await once(child, "close")) as [number | null];
  const exitedAt = epochMs();
  if (code !== 0) throw new Error(`the ${input.mode} child${input.worker ? ` ${input.worker}` : ""} exited with ${code}`);
  return { figures: JSON.parse(out.trim().split("\n").at(-1) as string) as ChildFigures, spawnedAt, exitedAt };
}
