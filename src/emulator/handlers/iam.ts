import type { TokenStore } from "../auth.js";
import type { EmulatorCredentials } from "../options.js";
import { randomHex } from "../random.js";
import { ServiceRefusal, codes } from "../service-errors.js";
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
