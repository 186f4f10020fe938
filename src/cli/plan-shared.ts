import type { Auth } from "../auth/types.js";
import type { LoadedPlan } from "../plan/load-plan.js";
import type { FlagGroup, FlagSpec, Flags, Io } from "./command.js";
import { credentialsDefault, stringFlag } from "./flags.js";
import { journalUrlVariable } from "./plan-journal.js";

/** What every `restorekit plan` command shares: the plan operand, the journal, the output. */

export const file = { name: "file", help: "the plan, YAML or JSON" } as const;

export const journalFlag: FlagSpec = {
  name: "journal",
  value: "DIR|URL",
  help: `the journal: a directory for the embedded one, which one process uses at a time; or a postgres:// (postgresql://) URL of a database that many workers share (other users can see a password in ps: prefer ${journalUrlVariable}, or PGPASSWORD and the URL without one)`,
  default: `$${journalUrlVariable}, else FILE's name + .journal, beside FILE`,
};

/** Where the plan runs, and as whom: `plan apply` takes all of these, `plan check --preflight` all but the journal. */
export const where: FlagGroup = {
  title: "Where and as whom",
  flags: [
    journalFlag,
    { name: "endpoint", value: "URL", help: "one base URL for every service (the emulator's URL)", default: "each service's endpoint for the plan's cloud and region" },
    { name: "token", value: "TOKEN", help: "an IAM token (other users can see it in ps: prefer --token-file)", default: credentialsDefault },
    { name: "token-file", value: "PATH", help: "read the IAM token from a file, or from standard input with -", default: "as --token" },
  ],
};

export const jsonFlag: FlagSpec = { name: "json", help: "JSON on stdout (apply: one event per line, NDJSON)", default: "plain text" };

export const needs = `A journal in a directory needs the package @electric-sql/pglite (npm install @electric-sql/pglite), one at a PostgreSQL URL the package pg (npm install pg); without it, the command says so in one line and exits 2. No message shows the URL's password.`;

/** The plan file, checked; project and region default to the environment's. */
export async function load(flags: Flags, io: Io, hints: Auth["hints"] = {}): Promise<LoadedPlan> {
  const { loadPlan } = await import("../plan/load-plan.js");
  const env = io.env;
  const projectId = env.HUAWEICLOUD_SDK_PROJECT_ID ?? env.OS_PROJECT_ID ?? hints?.projectId;
  const region = env.HUAWEICLOUD_SDK_REGION ?? env.OS_REGION_NAME ?? hints?.region;
  return loadPlan(stringFlag(flags, "file") as string, { ...(projectId ? { projectId } : {}), ...(region ? { region } : {}) });
}
