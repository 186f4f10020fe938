/**
 * The demo's second part: a restore plan of 50 items (every service) against an emulator that
 * holds 50 of each resource and throttles like a cloud, with the live view on a terminal (plain
 * lines otherwise) and the HTML report written at the end.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { lineView, liveView } from "../src/cli/plan-view.js";
import { generateFixtures, startEmulator } from "../src/emulator/index.js";
import { akskAuth } from "../src/index.js";
import { checkPlan, htmlReport, openPgliteJournal, planReport, runPlan } from "../src/plan/index.js";
import { planItems } from "../test/support/scale-plan.js";

export async function demoPlan(outputDir: string): Promise<void> {
  const fixtures = generateFixtures({ scale: 50, seed: 7 });
  const emulator = await startEmulator({ port: 0, seed: 7, fixtures, restoreDurationMs: { distribution: "lognormal", medianMs: 4000, p95Ms: 9000 } });
  const journal = await openPgliteJournal(mkdtempSync(join(tmpdir(), "restorekit-demo-journal-")));
  try {
    const restores = planItems(fixtures, { rds: 10, cbr: 15, csbs: 10, vbs: 15 });
    // The servers come back after the databases they use.
    for (const item of restores) if (item.service === "cbr" || item.service === "csbs") item.after = ["rds-0", "rds-1"];
    const document = { name: "demo-drill", cloud: "otc", region: "eu-de", projectId: emulator.credentials.projectId, rtoMinutes: 1, restores };
    const plan = checkPlan(document);
    console.log(`\n== A restore plan: ${plan.items.length} items, databases first, under the emulator's rate limit (10 requests a second per service)`);
    const view = process.stdout.isTTY ? liveView(process.stdout, plan.items.length) : lineView(process.stdout);
    const started = Date.now();
    const summary = await runPlan({ plan, document, journal, auth: akskAuth({ ak: emulator.credentials.ak, sk: emulator.credentials.sk }), endpoints: emulator.url, onEvent: (e) => view.event(e) });
    view.end();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`  plan: ${summary.counts.succeeded} succeeded, ${summary.counts.failed} failed, ${summary.counts["in-doubt"]} in doubt in ${seconds} s; ${summary.requests} requests (${(summary.requests / plan.items.length).toFixed(1)} per restore), ${summary.throttled} throttled`);
    console.log(`  the emulator applied ${emulator.restoreLog.length} restores for ${plan.items.length} items`);
    mkdirSync(outputDir, { recursive: true });
    const file = resolve(outputDir, "plan-report.html");
    writeFileSync(file, htmlReport(await planReport(journal, plan.name)));
    console.log(`  report: ${file}`);
  } finally {
    await journal.close();
    await emulator.stop();
  }
}
