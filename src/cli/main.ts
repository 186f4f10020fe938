#!/usr/bin/env node
import { parseArgs } from "node:util";
import { ValidationError } from "../errors/validation-error.js";
import { UsageError, exitCodeFor, exitCodes, oneLine } from "./exit-codes.js";
import { regionsCommand } from "./regions-command.js";
import { restoreCommand } from "./restore-command.js";
import { usage } from "./usage.js";

const text = { type: "string" } as const;
const flag = { type: "boolean" } as const;

const shared = {
  cloud: text,
  region: text,
  "project-id": text,
  endpoint: text,
  token: text,
  wait: flag,
  timeout: text,
  "dry-run": flag,
  json: flag,
  verbose: flag,
  help: { type: "boolean", short: "h" },
} as const;

/** The options each command accepts, on top of the shared ones. */
const commandOptions = {
  cbr: { "backup-id": text, "server-id": text, "volume-id": text, map: { type: "string", multiple: true }, "no-power-on": flag },
  csbs: { "checkpoint-id": text, "checkpoint-item-id": text, "server-id": text, map: { type: "string", multiple: true }, "no-power-on": flag },
  vbs: { "backup-id": text, "volume-id": text },
  rds: { "instance-id": text, "backup-id": text, time: text, "target-instance-id": text },
  emulator: { port: text, host: text, fixtures: text, seed: text, help: shared.help },
  regions: { json: flag, help: shared.help },
} as const;

type Command = keyof typeof commandOptions;

async function emulatorCommand(flags: Record<string, unknown>, signal: AbortSignal): Promise<void> {
  const { startEmulator } = await import("../emulator/index.js");
  const num = (name: string) => (typeof flags[name] === "string" ? Number(flags[name]) : undefined);
  const port = num("port") ?? 4010;
  const seed = num("seed");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port takes a port number");
  const emulator = await startEmulator({
    port,
    ...(typeof flags.host === "string" ? { host: flags.host } : {}),
    ...(typeof flags.fixtures === "string" ? { fixtures: flags.fixtures } : {}),
    ...(seed !== undefined ? { seed } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const c = emulator.credentials;
  process.stdout.write(
    [
      `restorekit emulator listening on ${emulator.url}`,
      "It accepts these emulator-only credentials:",
      `  AK/SK:    HUAWEICLOUD_SDK_AK=${c.ak} HUAWEICLOUD_SDK_SK=${c.sk}`,
      `  password: OS_USERNAME=${c.user} OS_PASSWORD=${c.password} OS_USER_DOMAIN_NAME=${c.domain}`,
      `  project:  ${c.projectId}`,
      `Try: restorekit vbs restore --endpoint ${emulator.url} --project-id ${c.projectId} --backup-id 1d1139d8-8989-49d3-8aa1-83eb691e6db2 --volume-id 2748f2f2-4394-4e6e-af8d-8dd34496c024 --wait`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await emulator.stop();
}

export async function main(argv: readonly string[], controller: AbortController): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    process.stdout.write(`${usage.main}\n`);
    return first === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (first === "plan") {
    const { planCommand } = await import("./plan-command.js");
    return planCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal });
  }
  if (!Object.hasOwn(commandOptions, first)) throw new UsageError(`unknown command ${JSON.stringify(first)}; run restorekit --help`);
  const command = first as Command;
  const isRestore = command === "cbr" || command === "csbs" || command === "vbs" || command === "rds";
  if (isRestore && second !== "restore" && second !== "--help" && second !== "-h") {
    throw new UsageError(`usage: restorekit ${command} restore ...; run restorekit ${command} --help`);
  }
  const rest = argv.slice(isRestore && second === "restore" ? 2 : 1);
  let values: Record<string, unknown>;
  try {
    const options = isRestore ? { ...shared, ...commandOptions[command] } : commandOptions[command];
    values = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}; run restorekit ${command} --help`);
  }
  if (values.help === true) {
    process.stdout.write(`${usage[command]}\n`);
    return exitCodes.ok;
  }
  if (command === "regions") {
    regionsCommand(values.json === true, process.stdout);
    return exitCodes.ok;
  }
  if (command === "emulator") {
    await emulatorCommand(values, controller.signal);
    return exitCodes.ok;
  }
  await restoreCommand(command, values as Record<string, string | boolean | string[] | undefined>, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  });
  return exitCodes.ok;
}

// Output piped into `head` and the like: a closed pipe ends the command quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(exitCodes.ok);
  throw error;
});

const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort(new DOMException("interrupted", "AbortError"));
  process.once("SIGINT", () => process.exit(exitCodes.interrupted));
});
const verbose = process.argv.includes("--verbose");
try {
  process.exitCode = await main(process.argv.slice(2), controller);
} catch (error) {
  if (controller.signal.aborted && !(error instanceof UsageError)) {
    process.stderr.write("interrupted\n");
    process.exitCode = exitCodes.interrupted;
  } else {
    process.stderr.write(`restorekit: ${oneLine(error)}\n`);
    if (process.argv.includes("--json")) {
      const body = error instanceof Error && "toJSON" in error ? (error as { toJSON(): unknown }).toJSON() : { name: "Error", message: oneLine(error) };
      process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
    }
    if (verbose) {
      const detail = error instanceof ValidationError ? error.issues : error instanceof Error && "toJSON" in error ? (error as { toJSON(): unknown }).toJSON() : undefined;
      if (detail !== undefined) process.stderr.write(`${JSON.stringify(detail, null, 2)}\n`);
    }
    process.exitCode = exitCodeFor(error);
  }
}
