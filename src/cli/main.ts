#!/usr/bin/env node
import packageJson from "../../package.json" with { type: "json" };
import type { Command, CommandFamily, Io } from "./command.js";
import { UsageError, exitCodeFor, exitCodes } from "./exit-codes.js";
import { parseFlags } from "./flags.js";
import { commandHelp, familyHelp, mainHelp } from "./help.js";
import { CommandFailure, nextStepJson, nextStepLines } from "./next-step.js";
import { commandFamilies } from "./registry.js";
import { cliMessage } from "./translate.js";

const isHelp = (word: string | undefined) => word === "--help" || word === "-h" || word === "help";

/** Finds the command that `argv` names; what follows it are its flags. */
function findCommand(argv: readonly string[]): { family: CommandFamily; command: Command; rest: readonly string[] } | string {
  const [first, second] = argv;
  const family = commandFamilies.find((f) => f.name === first);
  if (!family) throw new UsageError(`unknown command ${JSON.stringify(first)}; run restorekit --help`);
  const single = family.commands.length === 1 && family.commands[0]?.name === undefined ? family.commands[0] : undefined;
  if (single) return { family, command: single, rest: argv.slice(1) };
  if (isHelp(second)) return familyHelp(family);
  const command = family.commands.find((c) => c.name === second);
  if (!command) {
    const names = family.commands.map((c) => c.name).join(", ");
    throw new UsageError(`${second === undefined ? "a command is missing" : `unknown command ${JSON.stringify(second)}`}: restorekit ${family.name} takes ${names}; run restorekit ${family.name} --help`);
  }
  return { family, command, rest: argv.slice(2) };
}

/** Runs the command `argv` names; resolves to the exit code. Errors are thrown for `report`. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [first] = argv;
  if (first === undefined || isHelp(first)) {
    (first === undefined ? io.stderr : io.stdout).write(`${mainHelp(commandFamilies)}\n`);
    return first === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (first === "--version" || first === "-V") {
    io.stdout.write(`restorekit ${packageJson.version}\n`);
    return exitCodes.ok;
  }
  const found = findCommand(argv);
  if (typeof found === "string") {
    io.stdout.write(`${found}\n`);
    return exitCodes.ok;
  }
  const { family, command, rest } = found;
  const flags = parseFlags(command, rest, `restorekit ${family.name}${command.name ? ` ${command.name}` : ""} --help`);
  if (flags.help === true) {
    io.stdout.write(`${commandHelp(family, command)}\n`);
    return exitCodes.ok;
  }
  return command.run(flags, io);
}

/** Reports the error that ended a command, in the CLI's terms, with what to do next; returns the exit code. */
function report(caught: unknown, io: Io, argv: readonly string[]): number {
  const failure = caught instanceof CommandFailure ? caught : undefined;
  const error = failure ? failure.error : caught;
  const interrupted = io.signal.aborted && !(error instanceof UsageError);
  const code = interrupted ? exitCodes.interrupted : exitCodeFor(error, failure?.kind);
  const message = interrupted ? "interrupted" : cliMessage(error, failure?.fields);
  io.stderr.write(`restorekit: ${message}\n`);
  if (failure?.next) for (const line of nextStepLines(failure.next, io.env)) io.stderr.write(`${line}\n`);
  if (argv.includes("--json")) {
    const body = error instanceof Error && "toJSON" in error ? (error as { toJSON(): unknown }).toJSON() : { name: error instanceof Error ? error.name : "Error", message };
    io.stdout.write(`${JSON.stringify({ error: body, exitCode: code, ...(failure?.next ? { next: nextStepJson(failure.next, io.env) } : {}) }, null, 2)}\n`);
  }
  if (argv.includes("--verbose") && error instanceof Error && "toJSON" in error) {
    io.stderr.write(`${JSON.stringify((error as { toJSON(): unknown }).toJSON(), null, 2)}\n`);
  }
  return code;
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
const io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal };
const argv = process.argv.slice(2);
try {
  process.exitCode = await main(argv, io);
} catch (error) {
  process.exitCode = report(error, io, argv);
}
