import type { TokenStore } from "../auth.js";
import type { EmulatorCredentials } from "../options.js";
import { randomHex } from "../random.js";
import { ServiceRefusal, codes } from "../service-errors.js";
import { type TemporaryKeyStore, credentialBody } from "../temporary-keys.js";
import type { Handler } from "./context.js";

interface TokenRequest {
  auth: {
    identity: { password: { user: { name: string; password: string; domain: { name: string } } } };
    scope: { project: { id?: string; name?: string } };
  };
}

/** `POST /v3/auth/tokens`: a password login scoped to the emulator's project (by ID, or by a region name). */
export function createToken(credentials: EmulatorCredentials, tokens: TokenStore, ttlMs: number, random: () => number): Handler {
  return (c) => {
    const { identity, scope } = (c.body as TokenRequest).auth;
    const user = identity.password.user;
    if (user.name !== credentials.user || user.password !== credentials.password || user.domain.name !== credentials.domain) {
      throw new ServiceRefusal(401, codes.iam.auth, "The username or password is wrong.");
    }
    const project = scope.project;
    if (project.id !== undefined && project.id !== credentials.projectId) {
      throw new ServiceRefusal(404, codes.iam.notFound, "Could not find project: auth.scope.project.id is not this account's project.");
    }
    const token = `MIIemulator${randomHex(random, 48)}`;
    const issuedAt = c.now();
    const expiresAt = issuedAt + ttlMs;
    tokens.issue(token, { projectId: credentials.projectId, expiresAt }, issuedAt);
    return {
      status: 201,
      headers: { "X-Subject-Token": token },
      body: {
        token: {
          expires_at: new Date(expiresAt).toISOString().replace("Z", "000Z"),
          issued_at: new Date(issuedAt).toISOString().replace("Z", "000Z"),
          methods: ["password"],
          project: { id: credentials.projectId, name: project.name ?? "eu-de" },
        },
      },
    };
  };
}

interface AssumeRoleRequest {
  auth: { identity: { assume_role: { agency_name: string; domain_id?: string; domain_name?: string; duration_seconds?: number } } };
}

/**
 * `POST /v3.0/OS-CREDENTIAL/securitytokens` (`assume_role`): a temporary access key of an agency
 * in the fixtures, valid `duration_seconds` (default 900) and scoped to the emulator's project.
 * Any authenticated caller of the account may act as its agencies; an agency that is not there
 * is 403. The server's signature check then accepts the key, with its security token, until it
 * expires.
 */
export function createTemporaryAccessKeyByAgency(credentials: EmulatorCredentials, keys: TemporaryKeyStore, random: () => number): Handler {
  return (c) => {
    const role = (c.body as AssumeRoleRequest).auth.identity.assume_role;
    const agency = c.state.agencies.find(
      (a) =>
        a.agencyName === role.agency_name &&
        (role.domain_name === undefined || a.domainName === role.domain_name) &&
        (role.domain_id === undefined || a.domainId === role.domain_id),
    );
    if (!agency) throw new ServiceRefusal(403, codes.iam.forbidden, "The caller may not act as this agency: the account named has no such agency.");
    const key = keys.issue(random, c.now(), (role.duration_seconds ?? 900) * 1000, credentials.projectId);
    return { status: 201, body: credentialBody(key) };
  };
}
