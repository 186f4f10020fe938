/**
 * `npm run docs`: one self-contained Redoc page per spec (`--inlineBundle`, so it renders with
 * no network) and an index page, into `docs/`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { indexPage } from "./lib/docs-index.js";
import { redocly } from "./lib/redocly.js";
import { listApis, root } from "./lib/specs.js";

const outDir = resolve(root, "docs");
mkdirSync(outDir, { recursive: true });
const apis = listApis().map((api) => ({ ...api, title: String((parse(readFileSync(api.file, "utf8")) as { info: { title: string } }).info.title) }));
for (const api of apis) {
  const status = redocly([
    "build-docs",
    api.relative,
    "--inlineBundle",
    // Nested request fields are shown expanded, so that every required field is visible.
    "--openapi.schemaExpansionLevel=all",
    "--openapi.expandResponses=all",
    "--title",
    `${api.title} · restorekit`,
    "--output",
    `docs/${api.name}.html`,
  ]);
  if (status !== 0) {
    console.error(`docs: building ${api.relative} failed`);
    process.exit(1);
  }
}
writeFileSync(resolve(outDir, "index.html"), indexPage(apis));
console.log(`docs: wrote docs/index.html and ${apis.length} reference pages.`);
