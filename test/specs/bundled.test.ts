import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { translatableNodes } from "../../scripts/lib/i18n/translatable.js";
import { type JsonObject, listApis, loadDereferenced, root } from "../../scripts/lib/specs.js";

/** Every `$ref` value in a document. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe("the bundled specs (generated/openapi/, published as restorekit/openapi/*)", () => {
  for (const api of listApis()) {
    it(`${api.name}: one self-contained, valid document, the same in JSON and YAML, meaning what the source spec means`, async () => {
      const jsonFile = resolve(root, `generated/openapi/${api.name}.json`);
      const json = JSON.parse(readFileSync(jsonFile, "utf8")) as JsonObject;
      const yaml = parse(readFileSync(resolve(root, `generated/openapi/${api.name}.yaml`), "utf8")) as JsonObject;
      expect(yaml).toEqual(json);
      const all = refs(json);
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((r) => !r.startsWith("#/"))).toEqual([]);
      const result = await new Validator().validate(structuredClone(json));
      expect(result.errors ?? []).toEqual([]);
      // The same operations, servers and metadata once every reference is resolved; the bundle
      // adds the shared files' components beside the spec's own, which it keeps unchanged.
      const bundled = loadDereferenced(jsonFile);
      const source = loadDereferenced(api.file);
      for (const key of ["openapi", "info", "servers", "security", "tags", "paths"]) expect(bundled[key], key).toEqual(source[key]);
      const components = (doc: JsonObject) => (doc.components ?? {}) as Record<string, JsonObject>;
      for (const [kind, entries] of Object.entries(components(source))) {
        for (const [name, value] of Object.entries(entries)) expect(components(bundled)[kind]?.[name], `components.${kind}.${name}`).toEqual(value);
      }
    });
  }

  it("speak of the vendors' reference pages in their prose, never of seed files", () => {
    for (const api of listApis()) {
      const doc = JSON.parse(readFileSync(resolve(root, `generated/openapi/${api.name}.json`), "utf8")) as JsonObject;
      for (const node of translatableNodes(doc)) for (const text of Object.values(node.texts)) expect(text, `${api.name} ${node.target}`).not.toMatch(/\bseeds?\b|\d{3}_[0-9a-f]{16}\.txt/i);
    }
  });

  it("resolve through the package's exports, as a consumer imports them", () => {
    const script = `for (const s of ${JSON.stringify(listApis().map((a) => a.name))}) for (const ext of ["json", "yaml"]) console.log(import.meta.resolve("restorekit/openapi/" + s + "." + ext));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }).trim().split("\n");
    expect(out).toHaveLength(listApis().length * 2);
    for (const url of out) expect(url).toMatch(/\/generated\/openapi\/[a-z]+\.(json|yaml)$/);
  });
});
