import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium } from "../support/find-chromium.js";

const temp = mkdtempSync(join(tmpdir(), "restorekit-find-chromium-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** An executable file at `dir/name`. */
function fakeBrowser(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, 0o755);
  return file;
}

const none = () => false;

describe("finding the browser for the browser tests", () => {
  it("takes RESTOREKIT_CHROMIUM first, then CHROME_PATH", () => {
    const a = fakeBrowser(join(temp, "a"), "my-chromium");
    const b = fakeBrowser(join(temp, "b"), "chrome");
    expect(findChromium({ RESTOREKIT_CHROMIUM: a, CHROME_PATH: b, PATH: "" })).toBe(a);
    expect(findChromium({ CHROME_PATH: b, PATH: "" })).toBe(b);
  });

  it("refuses a variable that names no executable instead of falling back silently", () => {
    const notExecutable = join(temp, "plain-file");
    writeFileSync(notExecutable, "");
    expect(() => findChromium({ RESTOREKIT_CHROMIUM: notExecutable, PATH: "" })).toThrow(/RESTOREKIT_CHROMIUM is .*not an executable file/);
    expect(() => findChromium({ CHROME_PATH: join(temp, "missing"), PATH: "" })).toThrow(/CHROME_PATH/);
  });

  it("looks up chromium, chromium-browser and google-chrome on PATH, in that order", () => {
    const dir1 = join(temp, "path1");
    const dir2 = join(temp, "path2");
    const chrome = fakeBrowser(dir1, "google-chrome");
    const chromiumBrowser = fakeBrowser(dir2, "chromium-browser");
    const path = [dir1, dir2].join(":");
    expect(findChromium({ PATH: path })).toBe(chromiumBrowser);
    const chromium = fakeBrowser(dir2, "chromium");
    expect(findChromium({ PATH: path })).toBe(chromium);
    expect(findChromium({ PATH: dir1 })).toBe(chrome);
  });

  it("falls back to the usual install paths", () => {
    expect(findChromium({ PATH: "" }, (f) => f === "/opt/google/chrome/chrome")).toBe("/opt/google/chrome/chrome");
  });

  it("fails with instructions when there is no browser at all", () => {
    expect(() => findChromium({ PATH: "/nowhere" }, none)).toThrow(/No Chromium or Chrome found[\s\S]*apt-get install chromium[\s\S]*RESTOREKIT_CHROMIUM/);
  });
});
