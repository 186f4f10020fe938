/**
 * `npm run demo`: the main job on a fresh machine. Starts the built-in emulator on a free port,
 * runs one restore per service through the SDK with the reference pages' example values and `wait`, and
 * prints what was sent (redacted), when it was accepted, the progress, the answer and the final state.
 * Then runs a restore plan of 50 items and writes its HTML report to demo-output/.
 */
import { resolve } from "node:path";
import { startEmulator } from "../src/emulator/index.js";
import { type SendEvent, type WaitProgress, akskAuth, createRestoreClient } from "../src/index.js";
import { demoPlan } from "./demo-plan.js";

const emulator = await startEmulator({ port: 0, restoreDurationMs: { min: 2000, max: 4000 } });
const { ak, sk, projectId } = emulator.credentials;
/** Whether the current step's restore request has been printed; status reads are not. */
let printed = false;

/** Prints the restore request as the SDK's hook sees it: credentials already redacted. */
function printSent(sent: SendEvent): void {
  console.log(`  sent: ${sent.method} ${sent.url}`);
  for (const [name, value] of Object.entries(sent.headers)) console.log(`        ${name}: ${value}`);
  console.log(`        ${sent.body}`);
}
const rk = createRestoreClient({
  cloud: "otc",
  region: "eu-de",
  projectId,
  auth: akskAuth({ ak, sk }),
  endpoints: emulator.url,
  onRequest: (event) => {
    if (printed) return;
    printed = true;
    printSent(event);
  },
  // The restore's answer, as it arrives: before the wait's first status read.
  onResponse: (event) => {
    if (event.method === "POST" && event.status < 300) console.log(`  accepted: HTTP ${event.status} (request id ${event.requestId ?? "none"})`);
  },
});
const reads = (n: number) => `${n} read${n === 1 ? "" : "s"}`;
const wait = {
  firstDelayMs: 500,
  minDelayMs: 500,
  maxDelayMs: 2000,
  onProgress: (p: WaitProgress) => console.log(`  progress: ${p.status ?? "?"} after ${(p.elapsedMs / 1000).toFixed(1)} s (${reads(p.reads)})`),
};

async function step(title: string, run: () => Promise<{ accepted: unknown; final: unknown }>): Promise<void> {
  console.log(`\n== ${title}`);
  printed = false;
  const { accepted, final } = await run();
  console.log(`  answer: ${accepted === undefined ? "(none: 202 has no body)" : JSON.stringify(accepted)}`);
  console.log(`  final: ${JSON.stringify(final)}`);
}

try {
  console.log(`Emulator running at ${emulator.url}; signing with its AK/SK (AK and signature redacted below).`);
  await step("CBR: restore a whole server from a backup", () =>
    rk.cbr.restoreBackup(
      {
        backupId: "a5200268-74a5-4806-acc6-95793ab0228b",
        restore: {
          mappings: [{ backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" }],
          power_on: true,
          server_id: "94eba8b2-acc9-4d82-badc-127144cc5526",
        },
      },
      { wait },
    ),
  );
  await step("CSBS: create a restoration task", () =>
    rk.csbs.createRestore(
      {
        restore: {
          checkpoint_id: "a2b9fb53-2770-4fcd-9bad-6cadd56e6c09",
          parameters: {
            checkpoint_item_id: "504b7d59-c361-411f-9ed3-814f35d08e3d",
            power_on: true,
            targets: {
              server_id: "f45c477a-57e5-465f-999f-d845083962db",
              volumes: [{ backup_id: "bc118c24-3234-4afd-8423-d66d3d677649", volume_id: "ee27f809-6fb5-40ae-ac46-c932bb4ee8fe" }],
            },
          },
        },
      },
      { wait },
    ),
  );
  await step("VBS: restore a disk from a backup", () =>
    rk.vbs.restoreBackup({ backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } }, { wait }),
  );
  await step("RDS: restore an instance to a point in time", () =>
    rk.rds.restoreToExistingInstance(
      {
        source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", type: "timestamp", restore_time: 1532001446987 },
        target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" },
      },
      { wait },
    ),
  );
  console.log(`\nFour restores completed; the emulator recorded ${emulator.restoreLog.length} accepted restores.`);
} finally {
  await emulator.stop();
}
await demoPlan(resolve(import.meta.dirname, "../demo-output"));
