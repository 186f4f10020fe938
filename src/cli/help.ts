import type { Command, CommandFamily, FlagSpec } from "./command.js";
import { exitCodeMeanings } from "./exit-codes.js";

const width = 100;

/** Wraps `text` to the help's width, every line after the first indented by `indent`. */
function wrap(text: string, indent: number, first: number): string {
  const lines: string[] = [];
  let line = "";
  let room = width - first;
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = width - indent;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** One flag's line: its syntax, what it does, and its default (or that it is required). */
export function flagLine(f: FlagSpec): string {
  const syntax = `${f.short ? `-${f.short}, ` : ""}--${f.name}${f.value ? ` ${f.value}` : ""}${f.multiple ? " ..." : ""}`;
  const column = 30;
  const tail = f.required ? " (required)" : f.default !== undefined ? ` (default: ${f.default})` : "";
  const head = `  ${syntax.padEnd(column - 2)}`;
  const text = `${f.help}${tail}`;
  return head.length > column ? `  ${syntax}\n${" ".repeat(column)}${wrap(text, column, column)}` : `${head}${wrap(text, column, column)}`;
}

/** The words that run a command: `restorekit vbs restore`, `restorekit emulator`. */
export const commandWords = (family: CommandFamily, command: Command) => `restorekit ${family.name}${command.name ? ` ${command.name}` : ""}`;

/** A command's synopsis line, as the README lists it. */
export const synopsisLine = (family: CommandFamily, command: Command) => `${commandWords(family, command)} ${command.synopsis}`;

export const exitCodeText = `Exit codes:\n${exitCodeMeanings.map(([code, meaning]) => `  ${String(code).padEnd(4)}${wrap(meaning, 6, 6)}`).join("\n")}`;

export function commandHelp(family: CommandFamily, command: Command): string {
  const parts = [`${synopsisLine(family, command)}\n\n${wrap(command.summary[0]?.toUpperCase() + command.summary.slice(1), 0, 0)}.`];
  if (command.description) parts.push(command.description.split("\n\n").map((p) => wrap(p, 0, 0)).join("\n\n"));
  for (const group of command.groups) parts.push(`${group.title}:\n${group.flags.map(flagLine).join("\n")}`);
  parts.push(`Example:\n  ${command.example}`);
  if (command.name !== undefined) parts.push(exitCodeText);
  return parts.join("\n\n");
}

export function familyHelp(family: CommandFamily): string {
  const lines = family.commands.map((c) => `  ${commandWords(family, c).padEnd(28)}${c.summary}`);
  return `restorekit ${family.name}: ${family.summary}\n\nCommands:\n${lines.join("\n")}\n\nRun "restorekit ${family.name} <command> --help" for a command's flags, their defaults and an example.`;
}

export function mainHelp(families: readonly CommandFamily[]): string {
  const lines = families.flatMap((f) => f.commands.map((c) => `  ${`${commandWords(f, c)} ...`.padEnd(32)}${c.summary}`));
  return [
    "restorekit: restore Huawei Cloud and Open Telekom Cloud backups",
    `Usage:\n${lines.join("\n")}\n  ${"restorekit --version".padEnd(32)}print the version`,
    'Run "restorekit <command> --help" for a command\'s flags, their defaults and an example.',
    exitCodeText,
  ].join("\n\n");
}
