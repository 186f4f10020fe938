import type { RestoreClient } from "../client/create-client.js";
import type { Io } from "./command.js";
import { progressPrinter } from "./progress.js";
import type { ServiceCli } from "./service-cli.js";

/** Waits for a restore with the SDK's waiter, showing progress (on stderr with `--json`); resolves to the final state. */
export async function waitWithProgress(
  svc: ServiceCli,
  rk: RestoreClient,
  id: string,
  options: { readonly maxWaitMs: number | undefined; readonly json: boolean; readonly verbose: boolean; readonly io: Io },
): Promise<unknown> {
  const printer = progressPrinter(options.json ? options.io.stderr : options.io.stdout, options.verbose);
  try {
    return await svc.wait(rk, id, { onProgress: (p) => printer.update(p), ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}) });
  } finally {
    printer.end();
  }
}
