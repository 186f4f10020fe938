import { readdirSync, realpathSync } from "node:fs";
import { basename, delimiter, dirname, join } from "node:path";
import { isExecutable } from "./executable.js";

/** Where Debian and Ubuntu install each major version of the server: `<root>/<version>/bin`. */
export const debianPostgresRoot = "/usr/lib/postgresql";

/** What to do when there is no server: the line every failure ends with. */
export const installAdvice =
  "Install PostgreSQL (Debian/Ubuntu: `sudo apt-get install postgresql`; `bash .ci/run` does this), or set RESTOREKIT_PG_BIN to the directory holding its initdb and pg_ctl.";


const hasServer = (dir: string, executable: (file: string) => boolean) => executable(join(dir, "initdb")) && executable(join(dir, "pg_ctl"));

/** `15`, `9.6`, `16beta1` as numbers to compare: the highest version first. */
const versionKey = (name: string) => name.split(/[^0-9]+/).filter(Boolean).map(Number);
const byVersionDescending = (a: string, b: string) => {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let n = 0; n < Math.max(x.length, y.length); n++) if ((x[n] ?? -1) !== (y[n] ?? -1)) return (y[n] ?? -1) - (x[n] ?? -1);
  return 0;
};

/**
 * The directory of the PostgreSQL server's programs (`initdb`, `pg_ctl`, `postgres`):
 * `RESTOREKIT_PG_BIN` when set (a directory, or its `initdb`), else the highest version under
 * /usr/lib/postgresql, else the directory `initdb` on PATH really lives in. Throws, saying what
 * to install, when there is none: the tests that need PostgreSQL never skip unasked.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env, executable: (file: string) => boolean = isExecutable, root = debianPostgresRoot): string {
  const chosen = env.RESTOREKIT_PG_BIN;
  if (chosen) {
    const dir = basename(chosen) === "initdb" ? dirname(chosen) : chosen;
    if (hasServer(dir, executable)) return dir;
    throw new Error(`RESTOREKIT_PG_BIN is ${JSON.stringify(chosen)}, which holds no executable initdb and pg_ctl. Point it at PostgreSQL's bin directory (e.g. ${root}/15/bin), or unset it.`);
  }
  let versions: string[] = [];
  try {
    versions = readdirSync(root).sort(byVersionDescending);
  } catch {
    // No Debian layout here.
  }
  for (const version of versions) if (hasServer(join(root, version, "bin"), executable)) return join(root, version, "bin");
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    if (!executable(join(dir, "initdb"))) continue;
    // Often a link (/usr/local/bin/initdb): pg_ctl and postgres are beside the program it points to.
    const real = dirname(realpathSync(join(dir, "initdb")));
    if (hasServer(real, executable)) return real;
  }
  throw new Error(`No PostgreSQL server found for the tests that need one. Looked at RESTOREKIT_PG_BIN, at ${root}/*/bin and at initdb on PATH.\n${installAdvice}`);
}
