/**
 * `npm run docs`: one self-contained Redoc page per spec and language (`--inlineBundle`, so it
 * renders with no network) and an index page that links them all, into `docs/`.
 *
 * English pages come from the specs; each translated page from the bundled spec
 * (generated/openapi/) with its Overlay from specs/i18n/<locale>/ applied by `redocly bundle
 * --overlay`, checked to have taken every translation.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { bundleSpec } from "./lib/bundle.js";
import { type ReferencePage, indexPage } from "./lib/docs-index.js";
import { type Locale, locales, overlayFile, readOverlay, unapplied } from "./lib/i18n/overlays.js";
import { redocly } from "./lib/redocly.js";
import { type JsonObject, listApis, root } from "./lib/specs.js";

const outDir = resolve(root, "docs");
const work = mkdtempSync(join(tmpdir(), "restorekit-docs-"));

/** Builds one Redoc page from `spec` into docs/`href`, marked as written in `lang`. */
function buildPage(spec: string, title: string, href: string, lang: string): void {
  const status = redocly([
    "build-docs",
    spec,
    "--inlineBundle",
    // Nested request fields are shown expanded, so that every required field is visible.
    "--openapi.schemaExpansionLevel=all",
    "--openapi.expandResponses=all",
    "--title",
    `${title} · restorekit`,
    "--output",
    resolve(outDir, href),
  ]);
  if (status !== 0) throw new Error(`docs: building ${href} from ${spec} failed`);
  const file = resolve(outDir, href);
  writeFileSync(file, readFileSync(file, "utf8").replace('<html lang="en">', `<html lang="${lang}">`));
}

/** The spec of `service` in `locale`: the bundled spec with the translations applied, as a file. */
function translatedSpec(service: string, locale: Locale): { file: string; title: string } {
  const english = JSON.parse(readFileSync(resolve(root, `generated/openapi/${service}.json`), "utf8")) as JsonObject;
  const overlay = overlayFile(locale, service);
  const translated = bundleSpec(resolve(root, `generated/openapi/${service}.json`), [overlay]);
  const missed = unapplied(english, translated, readOverlay(overlay).actions);
  if (missed.length > 0) throw new Error(`docs: ${overlay}: these translations were not applied: ${missed.join(", ")}`);
  const file = join(work, `${service}.${locale}.yaml`);
  writeFileSync(file, stringify(translated, { lineWidth: 0 }));
  return { file, title: String((translated.info as JsonObject).title) };
}

try {
  mkdirSync(outDir, { recursive: true });
  const apis = listApis().map((api) => {
    const spec = JSON.parse(readFileSync(resolve(root, `generated/openapi/${api.name}.json`), "utf8")) as JsonObject;
    const title = String((spec.info as JsonObject).title);
    buildPage(api.relative, title, `${api.name}.html`, "en");
    const pages: ReferencePage[] = [{ lang: "en", href: `${api.name}.html`, title }];
    for (const locale of locales) {
      mkdirSync(resolve(outDir, locale), { recursive: true });
      const translated = translatedSpec(api.name, locale);
      buildPage(translated.file, translated.title, `${locale}/${api.name}.html`, locale);
      pages.push({ lang: locale, href: `${locale}/${api.name}.html`, title: translated.title });
    }
    return { ...api, pages };
  });
  writeFileSync(resolve(outDir, "index.html"), indexPage(apis));
  console.log(`docs: wrote docs/index.html and ${apis.length * (1 + locales.length)} reference pages (${["en", ...locales].join(", ")}).`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
