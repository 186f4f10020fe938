import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { posix, resolve } from "node:path";
import { build } from "esbuild";
import { publint } from "publint";
import { listApis } from "../scripts/lib/specs.js";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const bin = (name: string) => resolve(root, "node_modules/.bin", name);

describe("the published package", () => {
  it("publint reports no problems", async () => {
    const { messages } = await publint({ pkgDir: root, strict: true, level: "suggestion" });
    expect(messages).toEqual([]);
  }, 60_000);

  it("@arethetypeswrong/cli finds no problems for an ESM-only package (Node >= 20; CJS and node10 resolution do not apply)", () => {
    // attw exits non-zero on any problem the profile counts; execFileSync throws on that.
    const out = execFileSync(bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "ascii"], { cwd: root, encoding: "utf8" });
    expect(out).toContain('"restorekit"');
    expect(out).toContain('"restorekit/emulator"');
    expect(out).not.toContain("❌");
  }, 60_000);

  it("the digest follows the runtime: node:crypto for a Node bundle, WebCrypto for a browser bundle, each without the other", async () => {
    const program = 'import { akskAuth } from "restorekit"; export const auth = akskAuth({ ak: "a", sk: "secret" });';
    const bundle = async (platform: "node" | "browser") => {
      const result = await build({ stdin: { contents: program, resolveDir: root }, bundle: true, platform, format: "esm", write: false, logLevel: "silent", external: ["openapi-fetch"] });
      return result.outputFiles[0]?.text ?? "";
    };
    const forNode = await bundle("node");
    const forBrowser = await bundle("browser");
    expect(forNode).toContain("createHmac");
    expect(forNode).not.toContain("importKey");
    expect(forBrowser).toContain("importKey");
    expect(forBrowser).not.toContain("node:crypto");
    // Node itself resolves the package's own import the same way.
    const name = execFileSync(process.execPath, ["--input-type=module", "-e", 'const { defaultDigest } = await import("#default-digest"); console.log(defaultDigest().name)'], {
      cwd: root,
      encoding: "utf8",
    });
    expect(name.trim()).toBe("node:crypto");
  }, 60_000);

  it("the other auth modes are a separate import: a program using akskAuth bundles none of them, and only cloudsYamlAuth brings yaml", async () => {
    const bundle = async (program: string) => {
      const result = await build({ stdin: { contents: program, resolveDir: root }, bundle: true, platform: "node", format: "esm", write: false, metafile: true, logLevel: "silent", external: ["openapi-fetch"] });
      // The files whose code is in the output (esbuild also lists files it read and then shook out).
      const inputs = Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {}).filter(([, i]) => i.bytesInOutput > 0);
      return { text: result.outputFiles[0]?.text ?? "", usesYaml: inputs.some(([file]) => file.includes("node_modules/yaml/")) };
    };
    const oneCall = await bundle('import { createCbrClient, akskAuth } from "restorekit"; createCbrClient({ region: "eu-de", auth: akskAuth({ ak: "a", sk: "secret" }) });');
    for (const marker of ["securitykey", "assume_role", "OS_CLOUD", "clouds.yaml", "ecs-metadata"]) expect(oneCall.text, marker).not.toContain(marker);
    expect(oneCall.usesYaml).toBe(false);
    const metadata = await bundle('import { ecsMetadataAuth, assumeAgencyAuth } from "restorekit/auth"; export const a = [ecsMetadataAuth, assumeAgencyAuth];');
    expect(metadata.text).toContain("securitykey");
    expect(metadata.usesYaml).toBe(false);
    const clouds = await bundle('import { cloudsYamlAuth } from "restorekit/auth"; export const a = cloudsYamlAuth;');
    expect(clouds.usesYaml).toBe(true);
    // Node loads yaml only when a clouds.yaml is read, not when restorekit/auth is imported.
    const loaded = execFileSync(process.execPath, ["--input-type=module", "-e", 'await import("restorekit/auth"); const { createRequire } = await import("node:module"); console.log(Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes("/node_modules/yaml/")))'], { cwd: root, encoding: "utf8" });
    expect(loaded.trim()).toBe("false");
  }, 60_000);

  it("npm pack holds only what a user needs: the built code, its types, the specs (sources and bundles), the fixtures schema, the license and the documents the README links", () => {
    const files = packedFiles();
    for (const file of ["dist/index.js", "dist/emulator.js", "dist/cli.js", "dist/auth.js", "dist/src/index.d.ts", "dist/src/emulator/index.d.ts", "LICENSE", "src/emulator/fixtures.schema.json"]) expect(files).toContain(file);
    expect(files).toContain("specs/cbr.yaml");
    for (const api of listApis()) for (const ext of ["json", "yaml"]) expect(files).toContain(`generated/openapi/${api.name}.${ext}`);
    const unexpected = files.filter(
      (f) =>
        !/^(dist\/[a-z]+\.js|dist\/default-digest\.(node|web)\.js|dist\/chunks\/[a-z-]+-\w+\.js|generated\/plan\.schema\.json|dist\/(src|generated)\/.*\.d\.ts|specs\/.*\.yaml|generated\/openapi\/[a-z]+\.(json|yaml)|(generated\/|src\/emulator\/)?README\.md|src\/emulator\/fixtures\.schema\.json|bench\/RESULTS\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(f),
    );
    expect(unexpected).toEqual([]);
  }, 60_000);

  it("every relative link of the packed READMEs points at a file the package holds", () => {
    const files = packedFiles();
    const readmes = files.filter((f) => f.endsWith("README.md"));
    expect(readmes).toEqual(expect.arrayContaining(["README.md", "src/emulator/README.md"]));
    let links = 0;
    for (const readme of readmes) {
      const text = readFileSync(resolve(root, readme), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target as string)) continue;
        links++;
        expect(files, `${readme} links ${target}`).toContain(posix.normalize(posix.join(posix.dirname(readme), target as string)));
      }
    }
    expect(links).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it("the license file is the Apache License 2.0 that package.json names, and no placeholder repository URL is published", () => {
    const manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { license: string; repository?: unknown };
    expect(manifest.license).toBe("Apache-2.0");
    const license = readFileSync(resolve(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^ +Apache License\n +Version 2\.0, January 2004\n/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
    // github.com/restorekit/restorekit was a placeholder: nothing published may point there.
    const published = [readFileSync(resolve(root, "package.json"), "utf8"), ...listApis().map((api) => readFileSync(resolve(root, `generated/openapi/${api.name}.json`), "utf8"))];
    for (const text of published) expect(text).not.toContain("github.com/restorekit/restorekit");
  });
});

let packed: string[] | undefined;
/** The files `npm pack` would publish (listed once). */
function packedFiles(): string[] {
  if (packed) return packed;
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  packed = (JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
  return packed;
}
