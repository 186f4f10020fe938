import type { servers } from "../generated/endpoints.js";
import { RestoreKitError } from "./errors/restorekit-error.js";
import type { Cloud, ServerSpec } from "./spec/server.js";

/** The endpoint table's keys: the four restore services, EVS (VBS's disk reads) and IAM. */
export type EndpointService = keyof typeof servers;

/** A base URL for every service, or one per service. */
export type EndpointOverrides = string | Partial<Record<EndpointService, string>>;

/** The configuration names an unknown cloud, region or service/region pair, or an unsafe URL. */
export class EndpointError extends RestoreKitError {
  override readonly name = "EndpointError";
}

/** Every region a service is offered in on a cloud, from its spec's `servers`. */
export function regionsOf(list: readonly ServerSpec[], cloud: Cloud): string[] {
  return list.filter((s) => s.cloud === cloud).flatMap((s) => [...s.regions]);
}

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Refuses a URL that is not HTTPS, unless it points at this machine (the emulator, tests) or
 * `insecure` is set (the client's `allowInsecureHttp`: a test network).
 */
export function checkBaseUrl(service: string, raw: string, insecure?: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not echoed: a URL that does not parse may still carry a password.
    throw new EndpointError(`endpoint for ${service} is not a URL`);
  }
  const loopback = loopbackHosts.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && (loopback || insecure))) {
    throw new EndpointError(
      `endpoint for ${service} must use https:// (plain http:// is allowed only for loopback addresses), got ${url.origin}`,
    );
  }
  if (url.username || url.password) throw new EndpointError(`endpoint for ${service} must not carry credentials (user:password@)`);
  if (url.search || url.hash) throw new EndpointError(`endpoint for ${service} must be a plain base URL without query or fragment`);
  return url.href.replace(/\/+$/, "");
}

/**
 * The base URL of a service: the caller's override, or the entry of the service's `servers`
 * (from generated/endpoints.ts) for the cloud and region.
 */
export function resolveEndpoint(
  service: EndpointService,
  list: readonly ServerSpec[],
  cloud: Cloud,
  region: string,
  overrides?: EndpointOverrides,
  insecure?: boolean,
): string {
  const override = typeof overrides === "string" ? overrides : overrides?.[service];
  if (override !== undefined) return checkBaseUrl(service, override, insecure);
  const entry = list.find((s) => s.cloud === cloud && s.regions.includes(region));
  if (!entry) {
    const other = cloud === "otc" ? "huaweicloud" : "otc";
    const hint = regionsOf(list, other).includes(region) ? ` (a region of cloud "${other}")` : "";
    throw new EndpointError(
      `${service} is not offered in region ${JSON.stringify(region)} on ${cloud}${hint}; known regions: ${regionsOf(list, cloud).join(", ") || "none"}. Pass endpoints.${service} to use another URL.`,
    );
  }
  return entry.url.replace("{region}", region);
}
