import { AuthError } from "../errors/auth-error.js";

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where the files are looked for; every field defaults to the process's own. */
export interface CloudsYamlLocation {
  /** The environment: `OS_CLOUD`, `OS_CLIENT_CONFIG_FILE`, `OS_CLIENT_SECURE_FILE`, `XDG_CONFIG_HOME`, `HOME`. */
  readonly env?: Env;
  /** The directories searched, in order; default the current directory, `~/.config/openstack` and `/etc/openstack`. */
  readonly searchPath?: readonly string[];
}

/** One parsed file: its path and its `clouds` mapping. */
export interface CloudsFile {
  readonly path: string;
  readonly clouds: Readonly<Record<string, unknown>>;
}

const fileNames = { clouds: ["clouds.yaml", "clouds.yml", "clouds.json"], secure: ["secure.yaml", "secure.yml", "secure.json"] } as const;
const overrides = { clouds: "OS_CLIENT_CONFIG_FILE", secure: "OS_CLIENT_SECURE_FILE" } as const;
const maxFileBytes = 1 << 20;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The OpenStack search path: the current directory, the user's (`$XDG_CONFIG_HOME` or `~/.config`)/openstack, then /etc/openstack. */
export async function defaultSearchPath(env: Env): Promise<string[]> {
  const { join } = await import("node:path");
  const { homedir } = await import("node:os");
  const config = env.XDG_CONFIG_HOME?.trim() || join(env.HOME?.trim() || homedir(), ".config");
  return [process.cwd(), join(config, "openstack"), "/etc/openstack"];
}

/** The file of a kind: the one its variable names (which must exist), or the first found on the search path. */
async function locate(kind: keyof typeof fileNames, env: Env, searchPath: readonly string[]): Promise<string | undefined> {
  const { stat } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);
  const named = env[overrides[kind]]?.trim();
  if (named) {
    if (!(await isFile(named))) throw new AuthError(`cloudsYamlAuth: ${overrides[kind]} names ${named}, which is not a readable file`);
    return named;
  }
  for (const dir of searchPath) for (const name of fileNames[kind]) if (await isFile(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * Parses one file with the `yaml` package (loaded only now), refusing what could hang or
 * mislead: more than 1 MiB, duplicate keys, more than 100 aliases. A syntax error is reported by
 * line and column only: the line itself may hold a password.
 */
async function parse(path: string): Promise<CloudsFile> {
  const { readFile, stat } = await import("node:fs/promises");
  let text: string;
  try {
    if ((await stat(path)).size > maxFileBytes) throw new AuthError(`cloudsYamlAuth: ${path} is larger than 1 MiB`);
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw new AuthError(`cloudsYamlAuth: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let yaml: typeof import("yaml");
  try {
    yaml = await import("yaml");
  } catch {
    throw new AuthError("cloudsYamlAuth: the yaml package, which reads clouds.yaml, is not installed (npm install yaml)");
  }
  const doc = yaml.parseDocument(text, { uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const at = error.linePos?.[0];
    throw new AuthError(`cloudsYamlAuth: ${path} is not valid YAML (${error.code}${at ? ` at line ${at.line}, column ${at.col}` : ""})`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw new AuthError(`cloudsYamlAuth: ${path} uses too many YAML aliases`);
  }
  if (value === null || value === undefined) return { path, clouds: {} };
  if (!isRecord(value) || (value.clouds !== undefined && !isRecord(value.clouds))) throw new AuthError(`cloudsYamlAuth: ${path} has no clouds: mapping at its top level`);
  return { path, clouds: (value.clouds as Record<string, unknown> | undefined) ?? {} };
}

/** `clouds.yaml` and, when there is one, `secure.yaml`, located and parsed. */
export async function readCloudsFiles(location: CloudsYamlLocation, env: Env): Promise<{ clouds: CloudsFile; secure: CloudsFile | undefined }> {
  const searchPath = location.searchPath ?? (await defaultSearchPath(env));
  const cloudsPath = await locate("clouds", env, searchPath);
  if (!cloudsPath) throw new AuthError(`cloudsYamlAuth: no clouds.yaml in ${searchPath.join(", ")} (OS_CLIENT_CONFIG_FILE names another file)`);
  const securePath = await locate("secure", env, searchPath);
  return { clouds: await parse(cloudsPath), secure: securePath ? await parse(securePath) : undefined };
}

/** `over` merged into `under`, mappings recursively, `over` winning (secure.yaml over clouds.yaml). */
export function deepMerge(under: unknown, over: unknown): unknown {
  if (!isRecord(under) || !isRecord(over)) return over === undefined ? under : over;
  const out: Record<string, unknown> = { ...under };
  // `__proto__` as a key would replace the merged object's prototype: it is never a setting.
  for (const [key, value] of Object.entries(over)) if (key !== "__proto__") out[key] = deepMerge(under[key], value);
  return out;
}
