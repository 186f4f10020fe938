import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface ApiEntry {
  /** The service's key, as `redocly.yaml` names it under `apis:` (`cbr`, `rds`, ...). */
  readonly name: string;
  /** Absolute path of the spec's root file. */
  readonly file: string;
  /** The same path relative to the repository, with `/` separators. */
  readonly relative: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The APIs listed in `redocly.yaml`, which is the one list of specs for lint, generation and docs. */
export function listApis(): ApiEntry[] {
  const config = parse(readFileSync(resolve(root, "redocly.yaml"), "utf8")) as {
    apis: Record<string, { root: string }>;
  };
  return Object.entries(config.apis).map(([name, api]) => ({
    name,
    file: resolve(root, api.root),
    relative: api.root,
  }));
}

function pointer(doc: Json, fragment: string, where: string): Json {
  let node = doc;
  for (const raw of fragment.split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) {
      throw new Error(`${where}: $ref target #${fragment} does not exist`);
    }
    node = (node as Record<string, Json>)[key] as Json;
  }
  return node;
}

/**
 * Loads a spec and replaces every `$ref` (local or to another file) by what it points to, so
 * that the emitters see plain schemas. The specs hold no recursive schemas; a cycle is an error.
 */
export function loadDereferenced(file: string): JsonObject {
  const documents = new Map<string, Json>();
  const load = (path: string): Json => {
    let doc = documents.get(path);
    if (doc === undefined) {
      doc = parse(readFileSync(path, "utf8")) as Json;
      documents.set(path, doc);
    }
    return doc;
  };
  const walk = (node: Json, base: string, trail: readonly string[]): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item, base, trail));
    if (node === null || typeof node !== "object") return node;
    const ref = node.$ref;
    if (typeof ref === "string") {
      const [path = "", fragment = ""] = ref.split("#");
      const target = path ? resolve(dirname(base), path) : base;
      const key = `${target}#${fragment}`;
      if (trail.includes(key)) throw new Error(`${base}: circular $ref ${ref}`);
      return walk(pointer(load(target), fragment, base), target, [...trail, key]);
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value, base, trail);
    return out;
  };
  return walk(load(file), file, []) as JsonObject;
}
