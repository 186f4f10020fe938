/** An answer that refuses the request, in the service family's documented body shape. */
export class ServiceRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const openStackFaults: Record<number, string> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "badMethod",
  409: "conflictingRequest",
  413: "overLimit",
  429: "overLimit",
  500: "computeFault",
  503: "serviceUnavailable",
};

export type ErrorFamily = "openstack" | "service" | "iam" | "wrapped";

/** Which error family a path belongs to: the native OpenStack API (VBS, EVS: `/v2/...`) or the rest. */
export function familyOf(path: string): "openstack" | "service" {
  return path.startsWith("/v2/") ? "openstack" : "service";
}

/**
 * The error body: `{"badRequest": {"code": 400, "message"}}` for the OpenStack family,
 * `{"error_code", "error_msg"}` for CBR, CSBS and RDS, `{"error": {"message", "code"}}` for
 * EVS's cloudvolumes API, and `{"error": {...}}` with a title for IAM.
 */
export function errorBody(family: ErrorFamily, status: number, code: string, message: string): unknown {
  if (family === "openstack") return { [openStackFaults[status] ?? "computeFault"]: { code: status, message } };
  if (family === "iam") return { error: { code: String(status), message, title: code } };
  if (family === "wrapped") return { error: { message, code } };
  return { error_code: code, error_msg: message };
}

/**
 * Error codes, in the format of each service's codes (`BackupService.*`, `CSBS.*`, `DBS.*`,
 * `EVS.*`). Refusing a restore of a resource already being restored uses the code the vendor's
 * error-code page documents for it (CBR `BackupService.2010` "The resource is being restored",
 * `BackupService.2005` for another backup status, both with status 400; CSBS `CSBS.2003` for
 * a backup being restored and `CSBS.6015` "The server is restoring", 400; RDS `DBS.200011`,
 * 409); VBS answers the OpenStack fault `conflictingRequest` (409, which its page lists). The
 * other codes are the emulator's own.
 */
export const codes = {
  cbr: { invalid: "BackupService.4001", auth: "BackupService.4010", forbidden: "BackupService.4030", notFound: "BackupService.4040", busy: "BackupService.2010", backupNotAvailable: "BackupService.2005" },
  csbs: { invalid: "BackupService.1001", auth: "BackupService.1010", forbidden: "BackupService.1030", notFound: "BackupService.1040", busy: "CSBS.2003", serverBusy: "CSBS.6015" },
  rds: { invalid: "DBS.200001", auth: "DBS.200010", forbidden: "DBS.200030", notFound: "DBS.200040", busy: "DBS.200011" },
  vbs: { invalid: "badRequest", auth: "unauthorized", forbidden: "forbidden", notFound: "itemNotFound", busy: "conflictingRequest" },
  evs: { invalid: "EVS.4001", auth: "EVS.4010", forbidden: "EVS.4030", notFound: "EVS.4040", busy: "EVS.4090" },
  iam: { invalid: "Bad Request", auth: "Unauthorized", forbidden: "Forbidden", notFound: "Not Found", busy: "Conflict" },
} as const;

export type ServiceKey = keyof typeof codes;

/** The API gateway's documented code for a request over the throttling threshold (429). */
export const throttledCode = "APIG.0308";

/** How an operation's errors look: EVS's cloudvolumes API wraps them in `error`, IAM has its own shape, the rest follow their path's family. */
export function errorStyleOf(op: { readonly service: string; readonly path: string }, pathFamily: "openstack" | "service"): { family: ErrorFamily; key: ServiceKey } {
  if (op.service === "iam") return { family: "iam", key: "iam" };
  if (op.path.includes("/cloudvolumes/")) return { family: "wrapped", key: "evs" };
  return { family: pathFamily, key: op.service as ServiceKey };
}
