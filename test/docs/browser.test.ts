/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type JsonObject, listApis, loadDereferenced, root } from "../../scripts/lib/specs.js";
import { findChromium } from "../support/find-chromium.js";
import { serveFolder } from "../support/static-server.js";

/** Each reference page: the English one, and one per translation (zh-CN/<service>.html). */
const languages = [
  { lang: "en", prefix: "" },
  { lang: "zh-CN", prefix: "zh-CN/" },
] as const;
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
  const chromiumPath = findChromium();
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

/**
 * Draws characters in the font an element renders with and reports what came out: a missing glyph
 * is drawn as the same box (.notdef) whatever the character, a real glyph differs from it and from
 * other characters' glyphs. A plain script, so that no bundler helper ends up in the page.
 */
const drawGlyphs = `(({ selector, chars }) => {
  const font = getComputedStyle(document.querySelector(selector)).font.replace(/\\d+(\\.\\d+)?px/, "40px");
  return chars.map((ch) => {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 64;
    const context = canvas.getContext("2d");
    context.font = font;
    context.textBaseline = "top";
    context.fillText(ch, 4, 4);
    const alpha = context.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3);
    return { ch, ink: alpha.filter((a) => a > 0).length, image: Array.from(alpha).join(",") };
  });
})`;

async function glyphs(page: Page, selector: string, chars: readonly string[]): Promise<{ ch: string; ink: number; image: string }[]> {
  return page.evaluate(`${drawGlyphs}(${JSON.stringify({ selector, chars })})`);
}

/** The platform fonts Chromium used for an element's text (DevTools protocol), for failure messages. */
async function platformFonts(page: Page, selector: string): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const { root: doc } = await cdp.send("DOM.getDocument", {});
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: doc.nodeId, selector });
  await cdp.send("CSS.enable");
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(", ");
}

/** The translated texts the overlay of `service` in `lang` sets at `target`. */
function translation(lang: string, service: string, target: string): Record<string, string> {
  const overlay = parse(readFileSync(resolve(root, `specs/i18n/${lang}/${service}.overlay.yaml`), "utf8")) as { actions: { target: string; update: Record<string, string> }[] };
  return overlay.actions.find((a) => a.target === target)?.update ?? {};
}

const seedMention = /\bseeds?\b|\d{3}_[0-9a-f]{16}\.txt/i;

describe("the published docs, in Chromium, offline", () => {
  for (const api of listApis()) for (const { lang, prefix } of languages) {
    it(`${prefix}${api.name}: every operation shows its path, required fields and documented statuses`, async () => {
      const spec = loadDereferenced(api.file);
      const page = await browser.newPage();
      await page.goto(`${site.url}/${prefix}${api.name}.html`);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
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
          await page.goto(`${site.url}/${prefix}${api.name}.html${href}`);
          const body = (((op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined)?.schema as JsonObject | undefined;
          // A translated page shows the operation under its translated name.
          const summary = lang === "en" ? String(op.summary) : translation(lang, api.name, `$['paths']['${path}']['${method}']`).summary;
          const expected = [path, ...(summary ? [summary] : []), ...requiredFields(body), ...Object.keys(op.responses as JsonObject)];
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
      expect(await page.innerText("body"), "the page speaks of the vendors' reference pages, never of seed files").not.toMatch(seedMention);
      await page.screenshot({ path: resolve(root, `test-results/docs-${prefix.replace("/", "-")}${api.name}.png`), fullPage: false });
      await page.close();
    }, 60_000);
  }

  for (const api of listApis()) {
    it(`zh-CN/${api.name}: the Chinese title renders as glyphs, not as missing-glyph boxes`, async () => {
      const title = translation("zh-CN", api.name, "$['info']").title ?? "";
      const page = await browser.newPage();
      await page.goto(`${site.url}/zh-CN/${api.name}.html`);
      await page.waitForSelector("h1");
      expect(await page.innerText("h1")).toContain(title);
      // Up to six different Han characters of the title as the page draws them, and two unassigned
      // code points, which every system draws as its missing-glyph box.
      const han = [...new Set(title.match(/\p{Script=Han}/gu) ?? [])].slice(0, 6);
      expect(han.length, "the title has Chinese characters").toBeGreaterThanOrEqual(2);
      const [boxA, boxB, ...drawn] = await glyphs(page, "h1", ["\u0378", "\u0379", ...han]);
      const fonts = await platformFonts(page, "h1");
      expect(boxA?.image, "the detector sees missing glyphs as one and the same box").toBe(boxB?.image);
      for (const g of drawn) {
        expect(g.ink, `${g.ch} leaves ink (fonts: ${fonts})`).toBeGreaterThan(0);
        expect(g.image === boxA?.image, `${g.ch} is drawn as the missing-glyph box (fonts: ${fonts}); install a CJK font, e.g. Debian's fonts-noto-cjk`).toBe(false);
      }
      expect(new Set(drawn.map((g) => g.image)).size, `different characters get different glyphs (fonts: ${fonts})`).toBe(drawn.length);
      await page.screenshot({ path: resolve(root, `test-results/docs-zh-CN-${api.name}-title.png`), fullPage: false });
      await page.close();
    }, 60_000);
  }

  it("the index links every service, shows an example each and the regions table", async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/index.html`);
    const links = await page.evaluate(() => [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")));
    for (const api of listApis()) for (const { prefix } of languages) expect(links).toContain(`${prefix}${api.name}.html`);
    expect(await page.innerText("body")).toContain("简体中文");
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
