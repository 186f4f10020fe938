import type { Io } from "./command.js";
import type { FieldFlags } from "./translate.js";

/** What the operator can do next, and the command that does it. */
export interface NextStep {
  /** One sentence: where the restore stands and what to do. */
  readonly advice: string;
  /** The restorekit arguments of the command that does it (never a credential). */
  readonly argv?: readonly string[];
  /** Said when the command cannot carry the credentials (`--token`, `--token-file -`). */
  readonly note?: string;
}

/** An error that ended a command, with what `main` needs to report it in the command's terms. */
export class CommandFailure extends Error {
  override readonly name = "CommandFailure";
  constructor(
    readonly error: unknown,
    /** How the exit code is decided: `restore` by the request's fate, `read` for status and wait. */
    readonly kind: "restore" | "read",
    readonly fields: FieldFlags,
    readonly next?: NextStep,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

const plain = /^[\w./:=@%+,-]+$/;

/** One argument as a POSIX shell reads it back unchanged. */
export function shellQuote(arg: string): string {
  return plain.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** How this process was started, so that a printed command runs the same way: `npx restorekit` or `restorekit`. */
export function programWords(env: Io["env"]): readonly string[] {
  return env.npm_command === "exec" ? ["npx", "restorekit"] : ["restorekit"];
}

/** A printable command line. */
export function commandLine(env: Io["env"], argv: readonly string[]): string {
  return [...programWords(env), ...argv].map(shellQuote).join(" ");
}

/** The next step as plain lines (for stderr or stdout), each command on a line of its own. */
export function nextStepLines(step: NextStep, env: Io["env"]): string[] {
  return [step.advice, ...(step.argv ? [`  ${commandLine(env, step.argv)}`] : []), ...(step.note ? [`  (${step.note})`] : [])];
}

/** The next step in a JSON document. */
export function nextStepJson(step: NextStep, env: Io["env"]): Record<string, unknown> {
  return { advice: step.advice, ...(step.argv ? { command: commandLine(env, step.argv), argv: [...programWords(env), ...step.argv] } : {}), ...(step.note ? { note: step.note } : {}) };
}
