/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JsonObject, listApis, loadDereferenced, root } from "../../scripts/lib/specs.js";
import { serveFolder } from "../support/static-server.js";

const chromiumPath = "/usr/bin/chromium";
let site: { url: string; close(): Promise<void> };
let browser: BrowserContext;
const leftTheMachine: string[] = [];

/** Every required request-body field, nested ones included. */
function requiredFields(schema: JsonObject | undefined, out = new Set<string>()): Set<string> {
  if (!schema) return out;
  for (const name of (schema.required as string[] | undefined) ?? []) out.add(name);
  for (const sub of Object.values((schema.properties as JsonObject | undefined) ?? {})) requiredFields(sub as JsonObject, out);
  if (schema.items) requiredFields(schema.items as JsonObject, out);
  return out;
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Debian's Chromium is not installed at ${chromiumPath}; .ci/run installs it (apt-get install chromium)`);
  execFileSync(process.execPath, [resolve(root, "node_modules/tsx/dist/cli.mjs"), "scripts/docs.ts"], { cwd: root, stdio: "ignore" });
  site = await serveFolder(resolve(root, "docs"));
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "restorekit-docs-")), {
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  // Only this machine may be asked for anything; every other request is refused and recorded.
  await browser.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${site.url}/`) || url.startsWith("data:")) return route.continue();
    leftTheMachine.push(url);
    return route.abort();
  });
  mkdirSync(resolve(root, "test-results"), { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe("the published docs, in Chromium, offline", () => {
  for (const api of listApis()) {
    it(`${api.name}: every operation shows its path, required fields and documented statuses`, async () => {
      const spec = loadDereferenced(api.file);
      const page = await browser.newPage();
      await page.goto(`${site.url}/${api.name}.html`);
      await page.waitForSelector("a[href^='#/']");
      for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
        for (const [method, raw] of Object.entries(item as JsonObject)) {
          const op = raw as JsonObject;
          const id = String(op.operationId).toLowerCase();
          // The sidebar's link when its group is open; otherwise Redoc's deep link, #/<tag>/<operation>.
          const tag = String((op.tags as string[] | undefined)?.[0] ?? "").toLowerCase().replace(/\s+/g, "-");
          const href =
            (await page.evaluate((suffix) => [...document.querySelectorAll("a[href^='#/']")].map((a) => a.getAttribute("href") ?? "").find((h) => h.endsWith(suffix)), `/${id}`)) ??
            `#/${tag}/${id}`;
          await page.goto(`${site.url}/${api.name}.html${href}`);
          const body = (((op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined)?.schema as JsonObject | undefined;
          const expected = [path, ...requiredFields(body), ...Object.keys(op.responses as JsonObject)];
          // Redoc collapses long property lists behind "Show N properties": open them all, as a reader would.
          await page.waitForFunction((p) => document.querySelector("main")?.innerText.includes(p), path, { timeout: 10_000 });
          for (let round = 0; round < 20; round++) {
            const more = page.getByText(/^Show \d+ propert/).first();
            if ((await more.count()) === 0) break;
            await more.click();
          }
          // Redoc renders an operation once it is navigated to; wait until it has, then check each item.
          await page
            .waitForFunction((items) => items.every((i) => document.querySelector("main")?.innerText.includes(i)), expected, { timeout: 10_000 })
            .catch(() => undefined);
          const text = await page.innerText("main");
          for (const item of expected) expect(text, `${method.toUpperCase()} ${path}: ${item} is visible`).toContain(item);
        }
      }
      await page.screenshot({ path: resolve(root, `test-results/docs-${api.name}.png`), fullPage: false });
      await page.close();
    }, 60_000);
  }

  it("the index links every service, shows an example each and the regions table", async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/index.html`);
    const links = await page.evaluate(() => [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")));
    for (const api of listApis()) expect(links).toContain(`${api.name}.html`);
    const text = await page.innerText("body");
    for (const call of ["rk.cbr.restoreBackup", "rk.csbs.createRestore", "rk.vbs.restoreBackup", "rk.rds.restoreToExistingInstance"]) expect(text).toContain(call);
    for (const host of ["cbr.eu-de.otc.t-systems.com", "csbs.eu-de.otc.t-systems.com", "vbs.eu-de.otc.t-systems.com", "rds.eu-ch2.sc.otc.t-systems.com"]) expect(text).toContain(host);
    await page.screenshot({ path: resolve(root, "test-results/docs-index.png"), fullPage: true });
    await page.close();
  });

  it("no request left the machine except the pages' remote logo, which was blocked", () => {
    // Redoc's pages reference a remote logo image; everything else is inlined (--inlineBundle).
    const unexpected = leftTheMachine.filter((u) => !/redoc|redocly|\.(png|svg)(\?|$)/i.test(u));
    expect(unexpected).toEqual([]);
  });
});
