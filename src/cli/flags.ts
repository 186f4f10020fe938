import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Command, type FlagGroup, type FlagSpec, type Flags, helpFlag } from "./command.js";
import { UsageError } from "./exit-codes.js";

/** The endpoint table keys a command may override one by one (`--endpoint-vbs`). */
export type EndpointFlagService = "cbr" | "csbs" | "vbs" | "evs" | "rds" | "iam";

export const credentialsDefault =
  "the default chain: the environment (HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK, OS_AUTH_TOKEN, or OS_USERNAME + OS_PASSWORD + OS_USER_DOMAIN_NAME), then OS_CLOUD's clouds.yaml, then the ECS metadata service";

/** Where a request goes and with which credentials: every service command takes these. */
export function connectionFlags(services: readonly EndpointFlagService[]): FlagGroup {
  return {
    title: "Where and as whom",
    flags: [
      { name: "cloud", value: "huaweicloud|otc", help: "the cloud whose endpoints are used", default: "huaweicloud" },
      { name: "region", value: "ID", help: "the region, for example eu-de (restorekit regions lists them)", default: "$HUAWEICLOUD_SDK_REGION, else $OS_REGION_NAME" },
      { name: "project-id", value: "ID", help: "the project every request is for", default: "$HUAWEICLOUD_SDK_PROJECT_ID, else $OS_PROJECT_ID" },
      { name: "endpoint", value: "URL", help: "one base URL for every service (the emulator's URL)", default: "each service's endpoint for --cloud and --region" },
      ...services.map((s) => ({
        name: `endpoint-${s}`,
        value: "URL",
        help: `the base URL of ${s.toUpperCase()} only${s === "evs" ? " (the disk reads of a VBS wait)" : s === "iam" ? " (password logins)" : ""}`,
        default: "--endpoint, else the region's",
      })),
      {
        name: "insecure-http",
        help: "allow plain http:// to hosts other than this machine, for an emulator on a test network; requests and credentials then travel unencrypted. Also RESTOREKIT_INSECURE_HTTP=1",
        default: "off, http:// only to loopback addresses",
      },
      { name: "token", value: "TOKEN", help: "an IAM token (other users can see it in ps: prefer --token-file)", default: credentialsDefault },
      { name: "token-file", value: "PATH", help: "read the IAM token from a file, or from standard input with -; one trailing newline is dropped", default: "as --token" },
      { name: "request-timeout", value: "DURATION", help: "the longest one request may take (the restore, a status read, a login)", default: "60s" },
    ],
  };
}

/** How the answer is shown. */
export const outputFlags: FlagGroup = {
  title: "Output",
  flags: [
    { name: "json", help: "one JSON document on stdout (progress goes to stderr)", default: "plain text" },
    { name: "verbose", help: "every request as a redacted curl line, every status read, the whole error", default: "off" },
    helpFlag,
  ],
};

export const timeoutFlag: FlagSpec = {
  name: "timeout",
  value: "DURATION",
  help: "the longest to wait for the restore to finish; it goes on in the cloud after that (exit 4)",
  default: "30m",
};

/** A duration's syntax, for help texts. */
export const durationSyntax = "DURATION is a number with a unit, 1500ms, 90s, 20m or 2h; a bare number is milliseconds.";

/** The node:util parseArgs options of a command's flags. */
function parseOptions(command: Command): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const group of command.groups) {
    for (const f of group.flags) options[f.name] = { type: f.value ? "string" : "boolean", ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) };
  }
  return options;
}

/** Parses a command's arguments; an unknown flag, a missing value or a stray word is a usage error naming it. */
export function parseFlags(command: Command, args: readonly string[], helpHint: string): Flags {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: parseOptions(command), strict: true, allowPositionals: command.operand !== undefined });
    if (!command.operand || values.help === true) return values as Flags;
    const [operand, ...extra] = positionals;
    if (operand === undefined || extra.length) throw new Error(`give exactly one ${command.operand.name.toUpperCase()} (${command.operand.help})`);
    return { ...(values as Flags), [command.operand.name]: operand };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}; run ${helpHint}`);
  }
}

/** A string flag's value, or `undefined` when it was not given. */
export const stringFlag = (flags: Flags, name: string): string | undefined => {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
};

/** A flag that must be given, with a value that is not empty. */
export function requiredFlag(flags: Flags, name: string): string {
  const value = stringFlag(flags, name);
  if (value === undefined || value === "") throw new UsageError(`--${name} is required`);
  return value;
}

/** Every value of a repeatable flag. */
export function listFlag(flags: Flags, name: string): string[] {
  const raw = flags[name];
  return Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
}
