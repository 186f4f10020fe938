import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import { type JsonObject, root } from "../specs.js";
import { type TranslatableNode, nodeAt, sourceHash, translatableNodes } from "./translatable.js";

/** The languages the API reference is published in besides English. */
export const locales = ["zh-CN"] as const;
export type Locale = (typeof locales)[number];

/** One Overlay 1.0 action as the translations use it: an update of prose, with the hash of its source. */
export interface TranslationAction {
  readonly target: string;
  readonly "x-source-hash": string;
  readonly update: Readonly<Record<string, string>>;
}

/** The translations of one service into one language, kept beside the specs. */
export const overlayFile = (locale: Locale, service: string) => resolve(root, "specs", "i18n", locale, `${service}.overlay.yaml`);

export function readOverlay(file: string): { overlay: string; actions: TranslationAction[] } {
  const doc = parse(readFileSync(file, "utf8")) as { overlay?: unknown; actions?: unknown };
  if (doc.overlay !== "1.0.0") throw new Error(`${file}: not an Overlay 1.0.0 document`);
  if (!Array.isArray(doc.actions)) throw new Error(`${file}: no actions`);
  return { overlay: doc.overlay, actions: doc.actions as TranslationAction[] };
}

/** A translation to add or redo: the target, the current English, and the hash to record. */
export interface Todo {
  readonly target: string;
  readonly english: Readonly<Record<string, string>>;
  readonly hash: string;
  readonly why: "untranslated" | "English changed";
}

/**
 * Checks translations against the English spec: every action targets an object with prose and
 * updates only its prose, its `x-source-hash` matches the English it translates (so a changed
 * English text fails until its translation is redone), no target appears twice, and every piece
 * of prose has a translation.
 */
export function checkTranslations(english: JsonObject, actions: readonly TranslationAction[]): { problems: string[]; todo: Todo[] } {
  const nodes = new Map<string, TranslatableNode>(translatableNodes(english).map((n) => [n.target, n]));
  const problems: string[] = [];
  const todo: Todo[] = [];
  const covered = new Map<string, Set<string>>();
  for (const action of actions) {
    const node = nodes.get(action.target);
    if (!node) {
      problems.push(`${action.target}: no prose there in the English spec (moved or removed); drop or retarget the action`);
      continue;
    }
    if (covered.has(action.target)) problems.push(`${action.target}: translated twice`);
    const keys = Object.keys(action.update ?? {});
    const unknown = keys.filter((k) => !(k in node.texts) || typeof action.update[k] !== "string");
    if (keys.length === 0 || unknown.length > 0) problems.push(`${action.target}: updates ${unknown.join(", ") || "nothing"}, which is not prose of the English spec there`);
    const hash = sourceHash(node.texts, keys);
    if (action["x-source-hash"] !== hash) {
      problems.push(`${action.target}: the English changed since it was translated (x-source-hash ${action["x-source-hash"]}, now ${hash})`);
      todo.push({ target: action.target, english: Object.fromEntries(keys.map((k) => [k, node.texts[k] ?? ""])), hash, why: "English changed" });
    }
    covered.set(action.target, new Set(keys));
  }
  for (const node of nodes.values()) {
    const done = covered.get(node.target) ?? new Set<string>();
    const missing = Object.keys(node.texts).filter((k) => !done.has(k));
    if (missing.length === 0) continue;
    problems.push(`${node.target}: ${missing.join(", ")} not translated`);
    const keys = [...done, ...missing];
    todo.push({ target: node.target, english: Object.fromEntries(keys.map((k) => [k, node.texts[k] ?? ""])), hash: sourceHash(node.texts, keys), why: "untranslated" });
  }
  return { problems, todo };
}

/** The actions whose text is not in `translated` (the spec after the overlay was applied). */
export function unapplied(english: JsonObject, translated: JsonObject, actions: readonly TranslationAction[]): string[] {
  const nodes = new Map(translatableNodes(english).map((n) => [n.target, n]));
  return actions.flatMap((a) => {
    const node = nodes.get(a.target);
    const there = node ? (nodeAt(translated, node.keys) as Record<string, unknown> | undefined) : undefined;
    return Object.entries(a.update).filter(([k, v]) => there?.[k] !== v).map(([k]) => `${a.target}.${k}`);
  });
}
