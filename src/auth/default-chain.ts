import { checkOptions } from "../client/check-options.js";
import { AuthError } from "../errors/auth-error.js";
import { RestoreKitError } from "../errors/restorekit-error.js";
import { cloudsYamlAuth } from "./clouds-yaml.js";
import type { CloudsYamlLocation, Env } from "./clouds-yaml-files.js";
import { type EcsMetadataOptions, checkMetadataUrl, defaultMetadataUrl, fetchSecurityKey, metadataBudget } from "./ecs-metadata.js";
import { authFromEnv } from "./env.js";
import { temporaryAkskAuth } from "./temporary.js";
import type { Auth } from "./types.js";

export interface DefaultAuthOptions {
  /** The environment read by every step; default `process.env`. */
  readonly env?: Env;
  /** Where `clouds.yaml` is looked for; by default as `cloudsYamlAuth` does. */
  readonly cloudsYaml?: Omit<CloudsYamlLocation, "env">;
  /**
   * The ECS metadata step's options (its first read gets `probeTimeoutMs`), or `false` to leave
   * it out; `RESTOREKIT_ECS_METADATA_DISABLED=true` leaves it out too.
   */
  readonly ecsMetadata?: (EcsMetadataOptions & { readonly probeTimeoutMs?: number }) | false;
}

/** An auth mode with the source it came from: `environment`, `clouds.yaml (...)`, `ECS metadata service (...)`. */
export type SourcedAuth = Auth & { readonly source: string };

const processEnv = (): Env => (typeof process === "object" && process.env ? process.env : {});

/** Why no source gave credentials, one numbered line per source. */
const tried = (lines: readonly string[]) => lines.map((line, i) => `${i + 1}. ${line}`).join("; ");

/**
 * The credentials this process has, found in a fixed order; the first source that has them is
 * the one used, for good:
 * 1. the environment, as `authFromEnv` reads it (AK/SK, then `OS_AUTH_TOKEN`, then a password);
 * 2. `clouds.yaml`, when `OS_CLOUD` names a cloud (`cloudsYamlAuth`);
 * 3. the ECS metadata service (`ecsMetadataAuth`): the agency of the ECS this runs on. It is
 *    asked only when a request needs credentials, its first read with a short timeout (1 s), so
 *    that off an ECS the answer comes quickly.
 * A source that is there but broken (a complete set of variables with a bad `OS_AUTH_URL`, an
 * `OS_CLOUD` that names no cloud) ends the search with its error: restorekit never goes on to
 * credentials other than the ones named. When no source has credentials, the `AuthError` says
 * what was tried and why each gave none, without a value.
 */
export async function defaultAuth(options: DefaultAuthOptions = {}): Promise<SourcedAuth> {
  const env = options.env ?? processEnv();
  const reasons: string[] = [];
  try {
    return { ...authFromEnv(env), source: "environment" };
  } catch (error) {
    // An incomplete set is the absence of this source; anything else (an unsafe OS_AUTH_URL) is a broken one.
    if (!(error instanceof AuthError)) throw error;
    reasons.push(`environment: ${error.message.replace(/^authFromEnv: /, "").replace(/\.$/, "")}`);
  }
  const cloud = env.OS_CLOUD?.trim();
  if (cloud) {
    const auth = await cloudsYamlAuth({ ...options.cloudsYaml, env, cloud });
    return { ...auth, source: `clouds.yaml (cloud ${JSON.stringify(cloud)})` };
  }
  reasons.push("clouds.yaml: OS_CLOUD is not set");
  const metadata = options.ecsMetadata;
  if (metadata === false || /^(1|true|yes)$/i.test(env.RESTOREKIT_ECS_METADATA_DISABLED?.trim() ?? "")) {
    reasons.push(`ECS metadata service: left out (${metadata === false ? "ecsMetadata: false" : "RESTOREKIT_ECS_METADATA_DISABLED"})`);
    throw new AuthError(`defaultAuth: no credentials found. Tried: ${tried(reasons)}.`);
  }
  return metadataStep(metadata ?? {}, reasons);
}

/**
 * The last step: the ECS metadata service, asked when the first request needs credentials. Its
 * first read has a short budget; once it has given credentials, refreshes get the usual one.
 * Until then a failure lists every source tried.
 */
function metadataStep(options: EcsMetadataOptions & { readonly probeTimeoutMs?: number }, reasons: readonly string[]): SourcedAuth {
  const baseUrl = checkMetadataUrl(options.baseUrl ?? defaultMetadataUrl);
  const { timeoutMs, maxRetries, refreshBeforeMs, probeTimeoutMs } = options;
  checkOptions("defaultAuth ecsMetadata", { timeoutMs, maxRetries, refreshBeforeMs, probeTimeoutMs });
  const probe = metadataBudget({ timeoutMs: options.probeTimeoutMs ?? 1000, maxRetries: 0 });
  const usual = metadataBudget(options);
  let worked = false;
  const auth = temporaryAkskAuth({
    kind: "ecs-metadata",
    obtain: async (context) => {
      try {
        const credential = await fetchSecurityKey(context, baseUrl, worked ? usual : probe);
        worked = true;
        return credential;
      } catch (error) {
        if (worked) throw error;
        const why = error instanceof Error ? error.message.replace(/^ecsMetadataAuth: /, "") : String(error);
        throw new AuthError(`defaultAuth: no credentials found. Tried: ${tried([...reasons, `ECS metadata service: ${why}`])}.`, {
          ...(error instanceof RestoreKitError ? { cause: error } : {}),
          redact: (t) => context.redactor.redact(t),
        });
      }
    },
    ...(options.refreshBeforeMs !== undefined ? { refreshBeforeMs: options.refreshBeforeMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { ...auth, source: `ECS metadata service (${new URL(baseUrl).host})` };
}
