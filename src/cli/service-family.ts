import type { Command, CommandFamily } from "./command.js";
import { type EndpointFlagService, connectionFlags, durationSyntax, outputFlags, timeoutFlag } from "./flags.js";
import { restoreCommand } from "./restore-command.js";
import type { ServiceCli } from "./service-cli.js";
import { statusCommand } from "./status-command.js";
import { waitCommand } from "./wait-command.js";

/** `restorekit <service> restore | status | wait`, from what the CLI knows of the service. */
export function serviceFamily(svc: ServiceCli): CommandFamily {
  const endpoints = [...new Set([...svc.restore.uses, ...svc.target.uses, "iam"])] as EndpointFlagService[];
  const connection = connectionFlags(endpoints);
  const id = `--${svc.target.flag.name} ${svc.target.flag.value ?? "ID"}`;
  const name = svc.service.toUpperCase();
  const a = svc.service === "rds" ? "an" : "a";
  const restore: Command = {
    name: "restore",
    summary: svc.summary,
    synopsis: `${svc.restore.synopsis} [--wait]`,
    description: [svc.restore.description, `With --wait, the command follows the ${svc.target.noun}: ${svc.target.meaning}.`, durationSyntax].filter(Boolean).join("\n\n"),
    groups: [
      { title: "The restore", flags: svc.restore.flags },
      {
        title: "Sending and waiting",
        flags: [
          { name: "wait", help: "wait until the restore has finished", default: `return once accepted, printing the restorekit ${svc.service} wait command that follows it` },
          timeoutFlag,
          { name: "dry-run", help: "print the exact request (credentials redacted) and where the credentials come from; send nothing" },
        ],
      },
      connection,
      outputFlags,
    ],
    example: svc.restore.example,
    run: (flags, io) => restoreCommand(svc, flags, io),
  };
  const status: Command = {
    name: "status",
    summary: `read the state of ${a} ${name} restore once`,
    synopsis: id,
    description: `Reads the ${svc.target.noun} once and says what it means: ${svc.target.meaning}. Exits 0 when it shows no failure, 3 when it shows the restore failed.`,
    groups: [{ title: "The restore", flags: [svc.target.flag] }, connection, outputFlags],
    example: svc.target.example.replace(" wait ", " status "),
    run: (flags, io) => statusCommand(svc, flags, io),
  };
  const wait: Command = {
    name: "wait",
    summary: `wait for ${a} ${name} restore started earlier`,
    synopsis: id,
    description: `Waits as restore --wait does, with the same output and exit codes: ${svc.target.meaning}.\n\n${durationSyntax}`,
    groups: [{ title: "The restore", flags: [svc.target.flag, timeoutFlag] }, connection, outputFlags],
    example: svc.target.example,
    run: (flags, io) => waitCommand(svc, flags, io),
  };
  return { name: svc.service, summary: svc.summary, commands: [restore, status, wait] };
}
