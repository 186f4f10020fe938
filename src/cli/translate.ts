import { AuthError } from "../errors/auth-error.js";
import { EndpointError } from "../endpoints.js";
import { ValidationError } from "../errors/validation-error.js";
import type { ValidationIssue } from "../validation/validate.js";

/**
 * The SDK's field paths (`backupId`, `restore.volume_id`, `restore.mappings[]`) and the flags
 * that set them, per command. A path with `[]` stands for every index.
 */
export type FieldFlags = Readonly<Record<string, string>>;

/** Fields every service command sets from the same flags. */
const common: FieldFlags = { projectId: "--project-id" };

/** The flag that sets the field at `path`, and whether it sets exactly that field (not a part of a list). */
function flagFor(path: string, fields: FieldFlags): { flag: string; exact: boolean } | undefined {
  const all = { ...common, ...fields };
  if (all[path]) return { flag: all[path], exact: true };
  const generic = path.replace(/\[\d+\]/g, "[]");
  const key = Object.keys(all)
    .filter((k) => generic === k || generic.startsWith(`${k}.`) || generic.startsWith(`${k}[`))
    .sort((a, b) => b.length - a.length)[0];
  if (!key) return undefined;
  const index = key.includes("[]") ? /\[(\d+)\]/.exec(path) : null;
  return { flag: `${all[key]}${index ? ` (entry ${Number(index[1]) + 1})` : ""}`, exact: false };
}

/** One issue in the CLI's terms: the flag first, then the SDK's rule. */
function issueLine(issue: ValidationIssue, fields: FieldFlags): string {
  const found = flagFor(issue.path, fields);
  if (!found) return `${issue.message} [${issue.rule}]`;
  if (found.exact && issue.message.startsWith(issue.path)) return `${found.flag}${issue.message.slice(issue.path.length)} [${issue.rule}]`;
  return `${found.flag}: ${issue.message} [${issue.rule}]`;
}

/**
 * An error's message for a person at a shell: the SDK speaks of its options and fields
 * (`projectId is required`, `Pass endpoints.vbs`); the CLI of its flags.
 */
export function cliMessage(error: unknown, fields: FieldFlags = {}): string {
  if (error instanceof ValidationError) {
    const [head, ...more] = error.issues;
    if (!head) return error.message;
    const rest = more.length ? ` (and ${more.length} more: ${more.map((i) => issueLine(i, fields)).join("; ")})` : "";
    return `${issueLine(head, fields)}${rest}; nothing was sent`;
  }
  if (error instanceof EndpointError) {
    return error.message
      .replace(/Pass endpoints\.(\w+) to use another URL\./, "Give --endpoint-$1 URL (or --endpoint URL) to reach another endpoint.")
      .replace(/\(a region of cloud "(\w+)"\)/, "(a region of --cloud $1)")
      .replace(/^endpoint for (\w+) /, "--endpoint-$1 (or --endpoint) ");
  }
  // A plan's problems, every one on its own line (item, field, rule).
  const problems = (error as { problems?: readonly { message: string; rule: string }[] } | null)?.problems;
  if (error instanceof Error && error.name === "PlanError" && problems?.length) return `${error.message}\n${problems.map((p) => `  ${p.message} [${p.rule}]`).join("\n")}`;
  // The default chain's "nothing found", in the CLI's words; it lists what was tried.
  if (error instanceof AuthError && error.message.startsWith("defaultAuth: no credentials found.")) {
    return `no credentials: give --token-file PATH (or --token), or set them in the environment or a clouds.yaml (OS_CLOUD). ${error.message.replace(/^defaultAuth: no credentials found\. /, "")}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
