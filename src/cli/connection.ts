import type { Auth } from "../auth/types.js";
import { servers } from "../../generated/endpoints.js";
import { EndpointError, type EndpointService, checkBaseUrl, regionsOf } from "../endpoints.js";
import type { Cloud } from "../spec/server.js";
import type { Flags, Io } from "./command.js";
import { credentialsRepeatable } from "./credentials.js";
import { parseDuration } from "./duration.js";
import { UsageError } from "./exit-codes.js";
import type { EndpointFlagService } from "./flags.js";
import { stringFlag } from "./flags.js";

const clouds: readonly Cloud[] = ["huaweicloud", "otc"];
const cloudNames: Record<Cloud, string> = { huaweicloud: "Huawei Cloud", otc: "Open Telekom Cloud" };

/** Where a command's requests go, checked and stated in the CLI's own flags. */
export interface Connection {
  readonly cloud: Cloud;
  readonly region: string | undefined;
  readonly projectId: string;
  readonly endpoints: Partial<Record<EndpointService, string>> | undefined;
  /** `--insecure-http` or `RESTOREKIT_INSECURE_HTTP=1`. */
  readonly insecureHttp: boolean;
  readonly requestTimeoutMs: number | undefined;
  /** The flags that reach the same place again, for a printed command: never a credential itself. */
  readonly repeatArgs: readonly string[];
}

const first = (env: Io["env"], ...names: string[]) => names.map((n) => env[n]?.trim()).find((v) => v !== undefined && v !== "");

function insecureFromEnv(env: Io["env"]): boolean {
  const raw = (env.RESTOREKIT_INSECURE_HTTP ?? "").trim().toLowerCase();
  if (raw === "" || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  throw new UsageError(`RESTOREKIT_INSECURE_HTTP must be 1 (allow plain http:// to other hosts) or 0, got ${JSON.stringify(env.RESTOREKIT_INSECURE_HTTP)}`);
}

/** Checks one endpoint flag's URL with the SDK's rule, and says what is wrong in terms of the flag. */
function checkedUrl(flag: string, url: string, insecure: boolean): string {
  try {
    return checkBaseUrl(flag, url, insecure);
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    const rule = error.message.replace(/^endpoint for \S+ /, "");
    const hint = /must use https/.test(rule) ? "; for an emulator on a test network, add --insecure-http" : "";
    throw new UsageError(`--${flag} ${rule}${hint}`);
  }
}

/** Why a service has no endpoint for the cloud and region, in the CLI's flags; `undefined` when it has one. */
function regionProblem(service: EndpointService, cloud: Cloud, region: string | undefined): string | undefined {
  const list = servers[service];
  if (region === undefined) {
    return `--region is required (or set HUAWEICLOUD_SDK_REGION or OS_REGION_NAME), unless --endpoint or --endpoint-${service} gives the URL`;
  }
  if (regionsOf(list, cloud).includes(region)) return undefined;
  const other = clouds.find((c) => c !== cloud && regionsOf(list, c).includes(region));
  if (other) return `region ${region} is on ${cloudNames[other]}, not ${cloudNames[cloud]}: add --cloud ${other}`;
  return (
    `${service} is not offered in region ${JSON.stringify(region)} on ${cloudNames[cloud]}; its regions there: ${regionsOf(list, cloud).join(", ")} ` +
    `(restorekit regions --service ${service} --cloud ${cloud}). To reach another endpoint, give --endpoint-${service} URL`
  );
}

/**
 * Reads and checks the flags (and variables) that say where requests go, for the endpoint
 * table keys the command will use. Every problem is a usage error naming the flag, before
 * anything is sent.
 */
export function resolveConnection(flags: Flags, env: Io["env"], uses: readonly EndpointService[], hints: Auth["hints"] = {}): Connection {
  const cloudFlag = stringFlag(flags, "cloud");
  if (cloudFlag !== undefined && !clouds.includes(cloudFlag as Cloud)) {
    throw new UsageError(`--cloud must be ${clouds.join(" or ")}, got ${JSON.stringify(cloudFlag)}`);
  }
  const cloud = (cloudFlag ?? "huaweicloud") as Cloud;
  const insecureHttp = flags["insecure-http"] === true || insecureFromEnv(env);
  const repeatArgs: string[] = [];
  const endpoints: Partial<Record<EndpointService, string>> = {};
  const all = stringFlag(flags, "endpoint");
  if (all !== undefined) {
    checkedUrl("endpoint", all, insecureHttp);
    for (const key of Object.keys(servers) as EndpointService[]) endpoints[key] = all;
    repeatArgs.push("--endpoint", all);
  }
  for (const key of Object.keys(servers) as EndpointFlagService[]) {
    const url = stringFlag(flags, `endpoint-${key}`);
    if (url === undefined) continue;
    checkedUrl(`endpoint-${key}`, url, insecureHttp);
    endpoints[key] = url;
    repeatArgs.push(`--endpoint-${key}`, url);
  }
  // The flags, then the environment, then what the credentials came with (a clouds.yaml cloud's region and project).
  const region = stringFlag(flags, "region") ?? first(env, "HUAWEICLOUD_SDK_REGION", "OS_REGION_NAME") ?? hints?.region;
  for (const service of uses) {
    if (endpoints[service] !== undefined) continue;
    const problem = regionProblem(service, cloud, region);
    if (problem) throw new UsageError(problem);
  }
  const projectId = stringFlag(flags, "project-id") ?? first(env, "HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID") ?? hints?.projectId;
  if (projectId === undefined || projectId === "") throw new UsageError("--project-id is required (or set HUAWEICLOUD_SDK_PROJECT_ID or OS_PROJECT_ID, or give the clouds.yaml cloud a project_id)");
  const rawTimeout = stringFlag(flags, "request-timeout");
  const requestTimeoutMs = rawTimeout === undefined ? undefined : parseDuration("request-timeout", rawTimeout);
  if (cloudFlag !== undefined) repeatArgs.unshift("--cloud", cloud);
  if (region !== undefined) repeatArgs.push("--region", region);
  repeatArgs.push("--project-id", projectId);
  if (insecureHttp) repeatArgs.push("--insecure-http");
  if (rawTimeout !== undefined) repeatArgs.push("--request-timeout", rawTimeout);
  const tokenFile = stringFlag(flags, "token-file");
  if (tokenFile !== undefined && credentialsRepeatable(flags)) repeatArgs.push("--token-file", tokenFile);
  return { cloud, region, projectId, endpoints: Object.keys(endpoints).length ? endpoints : undefined, insecureHttp, requestTimeoutMs, repeatArgs };
}

/** The warning `--insecure-http` prints on every run. */
export const insecureWarning =
  "restorekit: WARNING: --insecure-http (or RESTOREKIT_INSECURE_HTTP=1) is on: plain http:// is allowed to hosts other than this machine, so requests and credentials may travel unencrypted. Use it only on a test network.\n";
