import type { components } from "../../generated/types/iam.js";
import { checkBaseUrl } from "../endpoints.js";
import { AuthError } from "../errors/auth-error.js";
import { parseErrorBody } from "../errors/parse-error-body.js";
import { ValidationError } from "../errors/validation-error.js";
import { readCredential } from "./credential-answer.js";
import { iamBase } from "./iam.js";
import { type TemporaryCredential, temporaryAkskAuth } from "./temporary.js";
import type { Auth, AuthContext } from "./types.js";

type AssumeRoleRequest = components["schemas"]["CreateTemporaryAccessKeyByAgencyRequest"];

export interface AssumeAgencyOptions {
  /** The credentials that assume the agency: any auth mode (an IAM login, a token, an AK/SK, the ECS metadata service). */
  readonly base: Auth;
  /** Name of the delegating account (the one being recovered); this or `domainId`. */
  readonly domainName?: string;
  /** ID of the delegating account; this or `domainName`. */
  readonly domainId?: string;
  /** Name of the agency the delegating account created for the base credentials' account. */
  readonly agencyName: string;
  /** Lifetime of each temporary key, 900 to 86400 seconds; by default IAM's (15 minutes). */
  readonly durationSeconds?: number;
  /** IAM's base URL (https, or http to a loopback address); by default the region's, as for `iamAuth`. */
  readonly endpoint?: string;
  /** How long before expiry a temporary key is replaced; default 5 minutes, at most a tenth of its lifetime. */
  readonly refreshBeforeMs?: number;
  /** The clock (expiry and the signing time), for tests. */
  readonly now?: () => number;
}

/** What IAM's refusal says, in one line. */
function refusal(status: number, text: string): string {
  const { code, message } = parseErrorBody(text);
  const detail = [code, message].filter(Boolean).join(": ");
  return `HTTP ${status}${status < 400 ? " (a redirect, which restorekit never follows)" : ""}${detail ? ` (${detail})` : ""}`;
}

/**
 * Acts as an agency: exchanges the base credentials for the agency's temporary AK/SK and
 * security token through IAM's security-token API (`POST /v3.0/OS-CREDENTIAL/securitytokens`,
 * `assume_role`), signs with them, and obtains new ones before they expire, with one exchange
 * in flight however many requests wait. The exchange goes through restorekit's transport,
 * authorized by the base mode; a 401 there lets the base mode replace its refused credential
 * once (an expired IAM token costs one login).
 */
export function assumeAgencyAuth(options: AssumeAgencyOptions): Auth {
  const { base, agencyName, domainName, domainId, durationSeconds } = options;
  if (!base || typeof base.authorize !== "function") throw new AuthError("assumeAgencyAuth: base must be an auth mode (iamAuth, akskAuth, tokenAuth, ecsMetadataAuth, ...)");
  if (!agencyName) throw new AuthError("assumeAgencyAuth: agencyName is empty");
  if (!domainName && !domainId) throw new AuthError("assumeAgencyAuth: domainName or domainId must name the delegating account");
  if (durationSeconds !== undefined && !(Number.isInteger(durationSeconds) && durationSeconds >= 900 && durationSeconds <= 86400)) {
    throw new ValidationError("assumeAgencyAuth", [{ path: "durationSeconds", rule: "range", message: `durationSeconds must be an integer from 900 to 86400 (15 minutes to 24 hours), not ${durationSeconds}` }]);
  }
  if (options.endpoint !== undefined) checkBaseUrl("iam", options.endpoint);
  const who = `assumeAgencyAuth (agency ${agencyName} of ${domainName ?? domainId})`;

  const obtain = async (context: AuthContext): Promise<TemporaryCredential> => {
    const account = domainId ? { domain_id: domainId, ...(domainName ? { domain_name: domainName } : {}) } : { domain_name: domainName as string };
    const body: AssumeRoleRequest = {
      auth: {
        identity: {
          methods: ["assume_role"],
          assume_role: { agency_name: agencyName, ...account, ...(durationSeconds !== undefined ? { duration_seconds: durationSeconds } : {}) },
        },
      },
    };
    const iam = iamBase(options, context);
    const redact = (t: string) => context.redactor.redact(t);
    let answer: Awaited<ReturnType<AuthContext["send"]>>;
    try {
      answer = await context.send(
        {
          operation: "createTemporaryAccessKeyByAgency",
          method: "POST",
          url: `${iam}/v3.0/OS-CREDENTIAL/securitytokens`,
          headers: { "Content-Type": "application/json;charset=utf8" },
          body: JSON.stringify(body),
          idempotent: true,
        },
        { auth: base },
      );
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new AuthError(`${who}: the exchange with IAM at ${new URL(iam).host}, as ${base.kind}, failed: ${why}`, { cause, redact });
    }
    if (answer.status === 401) throw new AuthError(redact(`${who}: IAM refused the base credentials (${base.kind}): ${refusal(answer.status, answer.text)}`));
    if (answer.status === 403) throw new AuthError(redact(`${who}: the base credentials (${base.kind}) may not act as this agency: ${refusal(answer.status, answer.text)}`));
    if (answer.status < 200 || answer.status >= 300) throw new AuthError(redact(`${who}: IAM refused the exchange with ${refusal(answer.status, answer.text)}`));
    return readCredential(answer.text, `${who}: IAM`);
  };

  return temporaryAkskAuth({
    kind: "assume-agency",
    obtain,
    registerSecrets: (redactor) => base.registerSecrets(redactor),
    ...(options.refreshBeforeMs !== undefined ? { refreshBeforeMs: options.refreshBeforeMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
