import { delimiter, join } from "node:path";
import { isExecutable } from "./executable.js";

/** Variables that name the browser, most specific first. */
export const browserVariables = ["RESTOREKIT_CHROMIUM", "CHROME_PATH"] as const;
/** Commands looked up on PATH. */
export const browserCommands = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] as const;
/** Where browsers usually are when they are not on PATH. */
export const browserPaths = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/opt/google/chrome/chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
] as const;


/**
 * The Chromium (or Chrome) the browser tests drive: `RESTOREKIT_CHROMIUM` or `CHROME_PATH` when
 * set (which must then be executable), else the first of `chromium`, `chromium-browser`,
 * `google-chrome` on PATH, else the usual install paths. Throws with instructions when there is
 * none: the tests that need a browser never skip.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, executable: (file: string) => boolean = isExecutable): string {
  for (const name of browserVariables) {
    const value = env[name];
    if (!value) continue;
    if (executable(value)) return value;
    throw new Error(`${name} is ${JSON.stringify(value)}, which is not an executable file. Point it at a Chromium or Chrome binary, or unset it.`);
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const command of browserCommands) {
    for (const dir of dirs) if (executable(join(dir, command))) return join(dir, command);
  }
  for (const file of browserPaths) if (executable(file)) return file;
  throw new Error(
    [
      "No Chromium or Chrome found for the browser tests.",
      `Looked at ${browserVariables.join(", ")}, at ${browserCommands.join(", ")} on PATH, and at ${browserPaths.join(", ")}.`,
      "Install one (Debian/Ubuntu: `sudo apt-get install chromium`; `bash .ci/run` does this), or set RESTOREKIT_CHROMIUM to its path.",
    ].join("\n"),
  );
}
