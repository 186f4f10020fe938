import type { CommandFamily } from "./command.js";
import { emulatorCommand } from "./emulator-command.js";
import { planFamily } from "./plan-command.js";
import { regionsCommand } from "./regions-command.js";
import { serviceFamily } from "./service-family.js";
import { cbrCli } from "./services/cbr.js";
import { csbsCli } from "./services/csbs.js";
import { rdsCli } from "./services/rds.js";
import { vbsCli } from "./services/vbs.js";

/**
 * Every command family of `restorekit`, in the order help lists them. Adding one is one line
 * here: a `CommandFamily` (a name, a summary, and its commands, each with its flags, help and
 * `run`). `main` parses, helps, runs and reports errors for all of them alike.
 */
export const commandFamilies: readonly CommandFamily[] = [
  serviceFamily(cbrCli),
  serviceFamily(csbsCli),
  serviceFamily(vbsCli),
  serviceFamily(rdsCli),
  { name: "emulator", summary: emulatorCommand.summary, commands: [emulatorCommand] },
  { name: "regions", summary: regionsCommand.summary, commands: [regionsCommand] },
  planFamily,
];
