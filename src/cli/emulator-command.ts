import { networkInterfaces } from "node:os";
import { type Command, type Flags, type Io, helpFlag } from "./command.js";
import { durationSyntax, stringFlag } from "./flags.js";
import { parseDuration } from "./duration.js";
import { UsageError, exitCodes } from "./exit-codes.js";
import { programWords } from "./next-step.js";

const loopback = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/;

/** A non-loopback IPv4 address of this machine, for a URL other machines can use. */
function networkAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

/** The URL to print for other machines: the host itself, or for a wildcard host this machine's network address. */
function reachableUrl(host: string, port: number, localUrl: string): string {
  if (host === "0.0.0.0" || host === "::") {
    const address = networkAddress();
    return address ? `http://${address}:${port}` : localUrl;
  }
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function integer(flags: Flags, name: string, min: number, max: number): number | undefined {
  const raw = stringFlag(flags, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new UsageError(`--${name} takes an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

async function emulator(flags: Flags, io: Io): Promise<number> {
  const { startEmulator, FixturesError } = await import("../emulator/index.js");
  const port = integer(flags, "port", 0, 65535) ?? 4010;
  const seed = integer(flags, "seed", 0, Number.MAX_SAFE_INTEGER);
  const host = stringFlag(flags, "host") ?? "127.0.0.1";
  const duration = stringFlag(flags, "restore-duration");
  let started: Awaited<ReturnType<typeof startEmulator>>;
  try {
    started = await startEmulator({
      port,
      host,
      ...(typeof flags.fixtures === "string" ? { fixtures: flags.fixtures } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(duration !== undefined ? { restoreDurationMs: parseDuration("restore-duration", duration) } : {}),
      log: (line) => io.stdout.write(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof FixturesError) throw new UsageError(`--fixtures: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`--port ${port}: the port is in use; give another, or --port 0 for a free one`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new UsageError(`--host ${host}: not an address of this machine`);
    throw error;
  }
  const c = started.credentials;
  const remote = !loopback.test(host);
  const url = remote ? reachableUrl(host, Number(new URL(started.url).port), started.url) : started.url;
  const insecure = remote && !loopback.test(new URL(url).hostname) ? " --insecure-http" : "";
  const run = programWords(io.env).join(" ");
  io.stdout.write(
    [
      `restorekit emulator listening on ${remote ? `${host} port ${new URL(started.url).port}: from this machine ${started.url}, from others ${url}` : started.url}`,
      ...(remote ? ["WARNING: other machines can reach it, over plain http. Its credentials are emulator-only; keep it on a test network."] : []),
      "It accepts these emulator-only credentials, valid nowhere else:",
      `  AK/SK:    HUAWEICLOUD_SDK_AK=${c.ak} HUAWEICLOUD_SDK_SK=${c.sk}`,
      `  password: OS_USERNAME=${c.user} OS_PASSWORD=${c.password} OS_USER_DOMAIN_NAME=${c.domain}`,
      `  project:  ${c.projectId}`,
      `Try it from another ${remote ? "machine (plain http to it needs --insecure-http there)" : "terminal"}:`,
      `  export HUAWEICLOUD_SDK_AK=${c.ak} HUAWEICLOUD_SDK_SK=${c.sk} HUAWEICLOUD_SDK_PROJECT_ID=${c.projectId}`,
      `  ${run} vbs restore --endpoint ${url}${insecure} --backup-id 1d1139d8-8989-49d3-8aa1-83eb691e6db2 --volume-id 2748f2f2-4394-4e6e-af8d-8dd34496c024 --wait`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => io.signal.addEventListener("abort", () => resolve(), { once: true }));
  await started.stop();
  return exitCodes.ok;
}

export const emulatorCommand: Command = {
  name: undefined,
  summary: "run the local emulator of the four APIs and IAM",
  synopsis: "[--port 4010] [--host 127.0.0.1] [--fixtures state.json] [--seed N] [--restore-duration 3s]",
  description: `Runs the emulator and prints its URL, the emulator-only credentials it accepts, and a restore to try from another terminal. A host other than a loopback address makes it reachable from other machines over plain http (for a test network); clients there need --insecure-http.\n\n${durationSyntax}`,
  groups: [
    {
      title: "Emulator",
      flags: [
        { name: "port", value: "PORT", help: "the port to listen on; 0 picks a free one", default: "4010" },
        { name: "host", value: "ADDRESS", help: "the address to listen on; 0.0.0.0 for every interface", default: "127.0.0.1" },
        { name: "fixtures", value: "PATH", help: "a JSON file of the resources to start with (schema: restorekit/emulator/fixtures.schema.json)", default: "the built-in sample, which holds every ID of the reference pages' examples" },
        { name: "seed", value: "N", help: "seeds IDs, durations and rate-based faults, so that runs repeat", default: "the clock" },
        { name: "restore-duration", value: "DURATION", help: "how long each restore takes", default: "3s" },
        helpFlag,
      ],
    },
  ],
  example: "restorekit emulator --port 4010",
  run: emulator,
};
