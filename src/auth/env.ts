import { AuthError } from "../errors/auth-error.js";
import { akskAuth } from "./aksk.js";
import { iamAuth } from "./iam.js";
import { tokenAuth } from "./token.js";
import type { Auth } from "./types.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The credential sets `authFromEnv` understands, in the order it tries them. */
const credentialSets = [
  { mode: "AK/SK (Huawei Cloud SDK)", variables: ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"] },
  { mode: "token (OpenStack)", variables: ["OS_AUTH_TOKEN"] },
  { mode: "password (OpenStack)", variables: ["OS_USERNAME", "OS_PASSWORD", "OS_USER_DOMAIN_NAME"] },
] as const;

const optionalVariables = [
  "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  "HUAWEICLOUD_SDK_PROJECT_ID",
  "HUAWEICLOUD_SDK_REGION",
  "OS_PROJECT_ID",
  "OS_PROJECT_NAME",
  "OS_REGION_NAME",
  "OS_AUTH_URL",
] as const;

const processEnv = (): Env => (typeof process === "object" && process.env ? process.env : {});

/** Which of the understood variables are set (names only, never values). */
export function describeEnv(env: Env = processEnv()): { found: string[]; missing: string[] } {
  const all = [...new Set([...credentialSets.flatMap((s) => s.variables), ...optionalVariables])];
  const set = (name: string) => (env[name] ?? "").trim() !== "";
  return { found: all.filter(set), missing: all.filter((n) => !set(n)) };
}

/** IAM's base URL from an OpenStack auth URL (`OS_AUTH_URL`, `auth_url`: `https://iam.../v3` → `https://iam...`). */
export function authUrlBase(authUrl: string | undefined): string | undefined {
  return authUrl ? authUrl.replace(/\/+$/, "").replace(/\/v3$/, "") : undefined;
}

/**
 * Credentials from the environment: the Huawei Cloud SDK's AK/SK variables first, then an
 * OpenStack token, then an OpenStack password login. The project ID and region found there are
 * used when the client's configuration does not give them. When no set is complete, the error
 * lists the variables found and the ones missing (names only).
 */
export function authFromEnv(env: Env = processEnv()): Auth {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const hints = {
    projectId: get("HUAWEICLOUD_SDK_PROJECT_ID") ?? get("OS_PROJECT_ID"),
    region: get("HUAWEICLOUD_SDK_REGION") ?? get("OS_REGION_NAME"),
  };
  const complete = credentialSets.find((s) => s.variables.every((v) => get(v) !== undefined));
  let auth: Auth;
  if (complete?.variables[0] === "HUAWEICLOUD_SDK_AK") {
    const securityToken = get("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    auth = akskAuth({
      ak: get("HUAWEICLOUD_SDK_AK") as string,
      sk: get("HUAWEICLOUD_SDK_SK") as string,
      ...(securityToken ? { securityToken } : {}),
    });
  } else if (complete?.variables[0] === "OS_AUTH_TOKEN") {
    auth = tokenAuth(get("OS_AUTH_TOKEN") as string);
  } else if (complete) {
    const projectName = get("OS_PROJECT_ID") ? undefined : get("OS_PROJECT_NAME");
    const endpoint = authUrlBase(get("OS_AUTH_URL"));
    auth = iamAuth({
      username: get("OS_USERNAME") as string,
      password: get("OS_PASSWORD") as string,
      domain: get("OS_USER_DOMAIN_NAME") as string,
      ...(projectName ? { projectName } : {}),
      ...(endpoint ? { endpoint } : {}),
    });
  } else {
    const { found } = describeEnv(env);
    const needs = credentialSets
      .map((s) => `${s.mode}: ${s.variables.filter((v) => get(v) === undefined).join(", ")} missing`)
      .join("; ");
    throw new AuthError(
      `authFromEnv: no complete set of credentials in the environment. Found: ${found.length ? found.join(", ") : "none"}. ${needs}.`,
    );
  }
  return { ...auth, hints };
}
