import { type TemporaryKey, type TemporaryKeyStore, credentialBody } from "./temporary-keys.js";

/** The path the ECS metadata service serves an agency's temporary credentials on. */
export const securityKeyPath = "/openstack/latest/securitykey";

const loopback = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** Whether a socket's remote address is this machine. */
export const isLoopbackAddress = (address: string | undefined) => address !== undefined && loopback.test(address);

export interface MetadataReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A stand-in for the ECS metadata service's `GET /openstack/latest/securitykey`: the temporary
 * credentials of the agency "attached" to the machine, valid `ttlMs`, replaced by new ones once
 * less than a quarter of their lifetime is left (so that a client refreshing ahead of expiry gets
 * new ones). It answers only requests from this machine.
 */
export function metadataService(keys: TemporaryKeyStore, projectId: string, random: () => number, clock: () => number, ttlMs: number) {
  let current: TemporaryKey | undefined;
  return (method: string, remoteAddress: string | undefined): MetadataReply => {
    if (!isLoopbackAddress(remoteAddress)) return { status: 403, body: { error: { code: "403", message: "The emulated metadata service answers only this machine." } } };
    if (method !== "GET") return { status: 405, body: { error: { code: "405", message: `The method ${method} is not allowed; allowed: GET.` } }, headers: { Allow: "GET" } };
    const now = clock();
    if (!current || current.expiresAt - now <= ttlMs / 4) current = keys.issue(random, now, ttlMs, projectId);
    return { status: 200, body: credentialBody(current) };
  };
}
