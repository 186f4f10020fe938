/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { akskAuth } from "../../src/index.js";
import { checkPlan, htmlReport, openPgliteJournal, planReport, runPlan } from "../../src/plan/index.js";
import { findChromium } from "../support/find-chromium.js";

let browser: BrowserContext;
let page: string;
const requested: string[] = [];
const results = resolve(import.meta.dirname, "../../test-results");

beforeAll(async () => {
  // A real run: two restores that succeed, one the service refuses, one skipped after it.
  const emulator = await startEmulator({ port: 0, seed: 11, restoreDurationMs: { min: 300, max: 900 } });
  const journal = await openPgliteJournal(mkdtempSync(join(tmpdir(), "restorekit-report-")));
  try {
    const document = {
      name: "report-drill",
      cloud: "otc",
      region: "eu-de",
      projectId: emulator.credentials.projectId,
      rtoMinutes: 1,
      restores: [
        { id: "orders-db", service: "rds", source: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01", backup_id: "2f4ddb93-b901-4b08-93d8-1d2e472f30fe" }, target: { instance_id: "d8e6ca5a624745bcb546a227aa3ae1cfin01" } },
        { id: "data-disk", service: "vbs", backupId: "1d1139d8-8989-49d3-8aa1-83eb691e6db2", restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } },
        { id: "web-1", service: "cbr", backupId: "missing-backup", restore: { volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" } },
        { id: "web-2", service: "cbr", after: ["web-1"], backupId: "a5200268-74a5-4806-acc6-95793ab0228b", restore: { volume_id: "v" } },
      ],
    };
    await runPlan({ plan: checkPlan(document), document, journal, auth: akskAuth({ ak: emulator.credentials.ak, sk: emulator.credentials.sk }), endpoints: emulator.url });
    page = htmlReport(await planReport(journal, "report-drill"));
  } finally {
    await journal.close();
    await emulator.stop();
  }
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, "plan-report.html"), page);
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "restorekit-report-browser-")), {
    executablePath: findChromium(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  await browser.route("**/*", (route) => {
    requested.push(route.request().url());
    return route.abort();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("the HTML plan report, in Chromium", () => {
  it("is one self-contained page: a timeline row per item, the RTO line, failures with the service's reason", async () => {
    const tab = await browser.newPage();
    await tab.setViewportSize({ width: 1000, height: 900 });
    await tab.setContent(page, { waitUntil: "load" });
    expect(await tab.locator("h1").textContent()).toBe("Restore plan report-drill");
    expect(await tab.locator("svg text.id").allTextContents()).toEqual(expect.arrayContaining(["orders-db", "data-disk", "web-1", "web-2"]));
    expect(await tab.locator("svg rect").count()).toBeGreaterThanOrEqual(5);
    expect(await tab.locator("svg text.rto-label").textContent()).toBe("RTO 1 min");
    const trouble = await tab.locator("h2:has-text('Failures') + h3").textContent();
    expect(trouble).toMatch(/web-1\s+failed/);
    expect(await tab.locator("body").textContent()).toMatch(/404 BackupService\.\d+/);
    const rows = await tab.locator("tbody tr").allTextContents();
    expect(rows.find((r) => r.startsWith("web-2"))).toMatch(/skipped.*web-1 failed/);
    expect(rows.find((r) => r.startsWith("orders-db"))).toMatch(/succeeded.*met/);
    await tab.screenshot({ path: join(results, "plan-report.png"), fullPage: true });
    expect(requested).toEqual([]);
  });
});
