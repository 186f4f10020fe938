import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { root } from "./specs.js";

const bin = resolve(root, "node_modules/.bin/redocly");

/** Lines of the box Redocly CLI draws on Node 20 to announce the end of Node 20 support. */
const nodeBanner = /^\s*[╔║╚]/;

/**
 * Runs the Redocly CLI with telemetry and the update check off (either would reach for the
 * network), prints its output without the Node 20 banner, and returns its exit status. With
 * `quiet`, the output is printed only when the command fails.
 */
export function redocly(args: readonly string[], { quiet = false } = {}): number {
  const run = spawnSync(bin, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  if (run.error) throw run.error;
  const clean = (text: string) =>
    text
      .split("\n")
      .filter((line) => !nodeBanner.test(line))
      .join("\n")
      .replace(/^\n+/, "");
  const status = run.status ?? 1;
  if (quiet && status === 0) return status;
  process.stdout.write(clean(run.stdout));
  process.stderr.write(clean(run.stderr));
  return status;
}
