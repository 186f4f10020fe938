import { EndpointError, checkBaseUrl } from "../endpoints.js";
import { AuthError } from "../errors/auth-error.js";
import { akskAuth } from "./aksk.js";
import { type CloudsYamlLocation, type Env, deepMerge, readCloudsFiles } from "./clouds-yaml-files.js";
import { authUrlBase } from "./env.js";
import { iamAuth } from "./iam.js";
import { tokenAuth } from "./token.js";
import type { Auth } from "./types.js";

export interface CloudsYamlOptions extends CloudsYamlLocation {
  /** The cloud's name under `clouds:`; default `OS_CLOUD` from `env`. */
  readonly cloud?: string;
}

/*
 * Sources: the layout of `clouds.yaml` and `secure.yaml`, where they are looked for and the
 * `OS_CLIENT_CONFIG_FILE`/`OS_CLIENT_SECURE_FILE` overrides follow openstacksdk's configuration
 * loader (as gophercloud's clientconfig reads them too); `ak`/`sk` beside `auth` are read as
 * Open Telekom Cloud's extensions document them (python-otcextensions,
 * doc/source/install/configuration.rst, and `get_ak_sk`, which also takes `access_key` and
 * `secret_key`). `security_token` beside them carries a temporary key's token: newer versions of
 * the extensions return such a token from `get_ak_sk`, but the versions read for this did not
 * show its key, so that name is restorekit's choice, not a confirmed convention.
 */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const processEnv = (): Env => (typeof process === "object" && process.env ? process.env : {});

const passwordTypes = new Set(["password", "v3password"]);
const tokenTypes = new Set(["token", "v3token"]);

/**
 * Credentials from `clouds.yaml` (and `secure.yaml`, merged over it), the OpenStack convention
 * Open Telekom Cloud users already have. The cloud is `options.cloud` or `OS_CLOUD`; the files
 * are `OS_CLIENT_CONFIG_FILE` and `OS_CLIENT_SECURE_FILE` when set, else the first found in the
 * current directory, `~/.config/openstack/` and `/etc/openstack/`. Understood:
 * - AK/SK, as Open Telekom Cloud's OpenStack extensions read them: `ak` and `sk` (or
 *   `access_key` and `secret_key`) beside `auth`, with `security_token` for temporary keys;
 * - a token: `auth.token` (or `auth_type: token`);
 * - a password: `auth.username`, `auth.password`, `auth.user_domain_name` or `auth.domain_name`,
 *   with `auth.auth_url`, and `auth.project_id` or `auth.project_name`.
 * An explicit `auth_type` (`password`, `v3password`, `token`, `v3token`) decides; without one,
 * AK/SK comes first, then a token, then a password. `region_name` and `auth.project_id` become
 * the client's region and project when its options do not give them. Errors name the file, the
 * cloud and the key, never a value. The `yaml` package is loaded only here.
 */
export async function cloudsYamlAuth(options: CloudsYamlOptions = {}): Promise<Auth> {
  const env = options.env ?? processEnv();
  const name = options.cloud ?? env.OS_CLOUD?.trim();
  if (!name) throw new AuthError("cloudsYamlAuth: no cloud named: pass { cloud } or set OS_CLOUD");
  const { clouds, secure } = await readCloudsFiles(options, env);
  const where = `${clouds.path}${secure ? ` (with ${secure.path})` : ""}, cloud ${JSON.stringify(name)}`;
  const fail = (why: string) => new AuthError(`cloudsYamlAuth: ${where}: ${why}`);
  if (!Object.hasOwn(clouds.clouds, name)) {
    const known = Object.keys(clouds.clouds);
    throw new AuthError(`cloudsYamlAuth: ${clouds.path} has no cloud ${JSON.stringify(name)}; it has ${known.length ? known.map((k) => JSON.stringify(k)).join(", ") : "none"}`);
  }
  const cloud = deepMerge(clouds.clouds[name], secure && Object.hasOwn(secure.clouds, name) ? secure.clouds[name] : undefined);
  if (!isRecord(cloud)) throw fail("is not a mapping");
  if (cloud.auth !== undefined && !isRecord(cloud.auth)) throw fail("auth is not a mapping");
  const auth = (cloud.auth ?? {}) as Record<string, unknown>;
  /** A string setting, or undefined when absent or empty; anything else is refused by name (a YAML number, a list). */
  const text = (from: Record<string, unknown>, key: string, prefix = ""): string | undefined => {
    const value = from[key];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") throw fail(`${prefix}${key} must be a string${typeof value === "number" || typeof value === "boolean" ? " (quote it in YAML)" : ""}`);
    return value;
  };
  const authText = (key: string) => text(auth, key, "auth.");

  const authType = text(cloud, "auth_type");
  const ak = text(cloud, "ak") ?? text(cloud, "access_key");
  const sk = text(cloud, "sk") ?? text(cloud, "secret_key");
  const projectId = authText("project_id") ?? text(cloud, "project_id");
  const hints = { projectId, region: text(cloud, "region_name") };

  let chosen: Auth;
  if (authType === undefined && (ak || sk)) {
    if (!ak || !sk) throw fail(`AK/SK needs both ak and sk; ${ak ? "sk" : "ak"} is missing${secure ? "" : " (it may belong in secure.yaml)"}`);
    const securityToken = text(cloud, "security_token");
    chosen = akskAuth({ ak, sk, ...(securityToken ? { securityToken } : {}) });
  } else if (tokenTypes.has(authType ?? "") || (authType === undefined && authText("token"))) {
    const token = authText("token");
    if (!token) throw fail(`auth_type ${authType} needs auth.token, which is missing`);
    chosen = tokenAuth(token);
  } else if (authType === undefined || passwordTypes.has(authType)) {
    const username = authText("username");
    const password = authText("password");
    const domain = authText("user_domain_name") ?? authText("domain_name");
    const missing = [!username && "auth.username", !password && "auth.password", !domain && "auth.user_domain_name (or auth.domain_name)"].filter(Boolean);
    if (missing.length === 3 && authType === undefined) throw fail("has no credentials: no ak/sk, no auth.token, no auth.username and auth.password");
    if (missing.length) throw fail(`password auth needs ${missing.join(", ")}, which ${missing.length > 1 ? "are" : "is"} missing${missing.includes("auth.password") && !secure ? " (it may belong in secure.yaml)" : ""}`);
    const authUrl = authText("auth_url");
    let endpoint: string | undefined;
    try {
      endpoint = authUrl ? checkBaseUrl("iam", authUrlBase(authUrl) as string) : undefined;
    } catch (error) {
      throw new EndpointError(`cloudsYamlAuth: ${where}: auth.auth_url: ${(error as Error).message}`);
    }
    const projectName = projectId ? undefined : authText("project_name");
    chosen = iamAuth({
      username: username as string,
      password: password as string,
      domain: domain as string,
      ...(projectName ? { projectName } : {}),
      ...(endpoint ? { endpoint } : {}),
    });
  } else {
    throw fail(`auth_type ${JSON.stringify(authType)} is not supported; restorekit reads password, v3password, token and v3token, or ak and sk`);
  }
  return { ...chosen, hints };
}
