import { readFileSync } from "node:fs";
import { describeEnv } from "../auth/env.js";
import type { Flags, Io } from "./command.js";
import { UsageError } from "./exit-codes.js";
import { stringFlag } from "./flags.js";

/**
 * The token of `--token`, or the content of `--token-file` (a path, or `-` for standard input)
 * with one trailing newline dropped. The content is never shown, not even in an error; a token
 * that still holds a line break is refused by the SDK before anything is sent.
 */
export function tokenFromFlags(flags: Flags): string | undefined {
  const token = stringFlag(flags, "token");
  const file = stringFlag(flags, "token-file");
  if (token !== undefined && file !== undefined) throw new UsageError("give --token or --token-file, not both");
  if (token !== undefined) {
    if (token.trim() === "") throw new UsageError("--token is empty");
    return token;
  }
  if (file === undefined) return undefined;
  const where = file === "-" ? "standard input" : file;
  let content: string;
  try {
    content = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (code ?? "unreadable");
    throw new UsageError(`--token-file ${where}: ${why}`);
  }
  const value = content.replace(/\r?\n$/, "");
  if (value.trim() === "") throw new UsageError(`--token-file ${where} holds no token`);
  return value;
}

/** Where the credentials of a run come from, in words, for the dry run and the resume advice. */
export function credentialSource(flags: Flags, kind: string | undefined, source?: string): string {
  if (stringFlag(flags, "token") !== undefined) return "the token given with --token";
  const file = stringFlag(flags, "token-file");
  if (file !== undefined) return `the token read from ${file === "-" ? "standard input" : file} (--token-file)`;
  if (kind === "ecs-metadata") return "the temporary key of this ECS's agency, from the ECS metadata service (not asked in a dry run; off an ECS the real run stops with exit 2, listing every source tried)";
  if (source?.startsWith("clouds.yaml")) return `${source}: ${kind === "aksk" ? "an AK/SK signature" : kind === "iam" ? "a token from an IAM password login, made first" : kind === "token" ? "its token" : `${kind} credentials`}`;
  if (kind === "aksk") return "an AK/SK signature (HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)";
  if (kind === "iam") return "a token from an IAM password login (OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME), made first";
  if (kind === "token") return "the token in OS_AUTH_TOKEN";
  return `${kind ?? "no"} credentials`;
}

/** Whether a printed command can carry the run's credentials: not a token given on the command line or on standard input. */
export function credentialsRepeatable(flags: Flags): boolean {
  return stringFlag(flags, "token") === undefined && stringFlag(flags, "token-file") !== "-";
}

/** The CLI's own words for "no credentials": its flags and the variables, which are found and which are missing (names only). */
export function noCredentialsMessage(env: Io["env"]): string {
  const { found } = describeEnv(env);
  return (
    "no credentials: give --token-file PATH (or --token), or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, " +
    `or OS_AUTH_TOKEN, or OS_USERNAME, OS_PASSWORD and OS_USER_DOMAIN_NAME, or OS_CLOUD for a clouds.yaml cloud (set now: ${found.length ? found.join(", ") : "none of them"})`
  );
}
