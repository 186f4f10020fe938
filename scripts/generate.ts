import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { emitEndpoints } from "./emit-endpoints.js";
import { emitOperations } from "./emit-operations.js";
import { emitPlanSchema } from "./emit-plan-schema.js";
import { emitTypes } from "./emit-types.js";
import { bundleSpec, bundledFiles } from "./lib/bundle.js";
import { redocly } from "./lib/redocly.js";
import { listApis, root } from "./lib/specs.js";

const outDir = resolve(root, "generated");

const readme = `# generated/

Everything in this folder is written by \`npm run generate\` (scripts/generate.ts) from the specs
in \`specs/\`. Do not edit these files: change a spec and run \`npm run generate\`.
\`npm test\` runs \`npm run generate:check\`, which fails when a file here is not what the specs
produce.

- \`types/<service>.ts\`: openapi-typescript declarations (\`paths\`, \`components\`, \`operations\`).
- \`operations/<service>.ts\`: one run-time descriptor per operation: method, path, parameters,
  the request body's JSON Schema (reduced to what the validator enforces), whether the success
  response has a body, whether the operation needs credentials, and which endpoint serves it.
  The documented error statuses are not in them; the specs hold those.
- \`endpoints.ts\`: each service's regional endpoint templates and regions, from the specs'
  \`servers\`.
- \`plan.schema.json\`: the JSON Schema of a restore plan (draft-07, for editors and the YAML
  language server); each item's fields are its service's restore input, from the same specs.
  The package publishes it as \`restorekit/plan.schema.json\`.
- \`openapi/<service>.json\` and \`openapi/<service>.yaml\`: each spec bundled into one
  self-contained document (\`redocly bundle\`: the shared files moved into \`components\`, only
  local \`#/...\` references left), for any OpenAPI tool. The package publishes them as
  \`restorekit/openapi/<service>.json\` and \`.yaml\`.
`;

async function render(): Promise<Map<string, string>> {
  const apis = listApis();
  const files = new Map<string, string>([["README.md", readme]]);
  for (const api of apis) {
    files.set(`types/${api.name}.ts`, await emitTypes(api));
    files.set(`operations/${api.name}.ts`, emitOperations(api));
    for (const [name, text] of bundledFiles(api, bundleSpec(api.relative))) files.set(name, text);
  }
  files.set("endpoints.ts", emitEndpoints(apis));
  files.set("plan.schema.json", emitPlanSchema());
  return files;
}

function existing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(outDir, resolve(e.parentPath, e.name)).split("\\").join("/"));
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  if (!check && redocly(["lint"]) !== 0) {
    console.error("generate: the specs do not pass lint; nothing was written.");
    return 1;
  }
  const files = await render();
  mkdirSync(outDir, { recursive: true });
  const stray = existing(outDir).filter((f) => !files.has(f));
  if (check) {
    const stale = [...files].filter(([name, text]) => read(resolve(outDir, name)) !== text).map(([name]) => name);
    const problems = [...stale.map((f) => `${f} differs from what the specs produce`), ...stray.map((f) => `${f} is not produced by any spec`)];
    if (problems.length === 0) {
      console.log(`generate:check: generated/ is up to date (${files.size} files).`);
      return 0;
    }
    console.error(`generate:check: generated/ is stale. Run \`npm run generate\` and commit the result.`);
    for (const p of problems) console.error(`  generated/${p}`);
    return 1;
  }
  for (const f of stray) rmSync(resolve(outDir, f));
  for (const [name, text] of files) {
    const target = resolve(outDir, name);
    mkdirSync(dirname(target), { recursive: true });
    if (read(target) !== text) writeFileSync(target, text);
  }
  console.log(`generate: generated/ holds ${files.size} files from ${listApis().length} specs.`);
  return 0;
}

process.exitCode = await main();
