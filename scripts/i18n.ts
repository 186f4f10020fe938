/**
 * `npm run i18n:check` (in `npm test`): the translations in specs/i18n/ are current, that is every
 * piece of English prose of the bundled specs (generated/openapi/) has a translation, recorded
 * against the hash of the English it was made from.
 *
 * `npm run i18n:todo`: prints, per overlay file, the actions to add or redo, with the English to
 * translate and the x-source-hash to record.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { stringify } from "yaml";
import { type Todo, checkTranslations, locales, overlayFile, readOverlay } from "./lib/i18n/overlays.js";
import { type JsonObject, listApis, root } from "./lib/specs.js";

const check = process.argv.includes("--check");
let failures = 0;
const todos: { file: string; todo: Todo[] }[] = [];
for (const locale of locales) {
  for (const api of listApis()) {
    const english = JSON.parse(readFileSync(resolve(root, `generated/openapi/${api.name}.json`), "utf8")) as JsonObject;
    const file = overlayFile(locale, api.name);
    const { problems, todo } = checkTranslations(english, readOverlay(file).actions);
    failures += problems.length;
    if (problems.length > 0 && check) for (const p of problems) console.error(`${relative(root, file)}: ${p}`);
    if (todo.length > 0) todos.push({ file: relative(root, file), todo });
  }
}
if (check) {
  if (failures > 0) {
    console.error(`i18n:check: ${failures} problem(s). Run \`npm run i18n:todo\` for the actions to add or update.`);
    process.exitCode = 1;
  } else {
    console.log(`i18n:check: the ${locales.join(", ")} translations of ${listApis().length} specs are current.`);
  }
} else if (todos.length === 0) {
  console.log("i18n:todo: nothing to translate.");
} else {
  for (const { file, todo } of todos) {
    console.log(`# ${file}: translate each update's English, then add or replace these actions.`);
    const actions = todo.map((t) => ({ target: t.target, "x-source-hash": t.hash, update: t.english }));
    console.log(stringify(actions, { lineWidth: 0 }));
  }
}
