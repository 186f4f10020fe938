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

/** Which error family a path belongs to: the native OpenStack API (VBS, EVS: `/v2/...`) or the rest. */
export function familyOf(path: string): "openstack" | "service" {
  return path.startsWith("/v2/") ? "openstack" : "service";
}

/**
 * The error body: `{"badRequest": {"code": 400, "message"}}` for the OpenStack family,
 * `{"error_code", "error_msg"}` for CBR, CSBS and RDS, and `{"error": {...}}` for IAM.
 */
export function errorBody(family: "openstack" | "service" | "iam", status: number, code: string, message: string): unknown {
  if (family === "openstack") return { [openStackFaults[status] ?? "computeFault"]: { code: status, message } };
  if (family === "iam") return { error: { code: String(status), message, title: code } };
  return { error_code: code, error_msg: message };
}

/**
 * Emulator error codes, in the format of each service's codes (`BackupService.*` for CBR and
 * CSBS, `DBS.*` for RDS). They are the emulator's own; the vendors' exact codes differ.
 */
export const codes = {
  cbr: { invalid: "BackupService.4001", auth: "BackupService.4010", forbidden: "BackupService.4030", notFound: "BackupService.4040", busy: "BackupService.4090" },
  csbs: { invalid: "BackupService.1001", auth: "BackupService.1010", forbidden: "BackupService.1030", notFound: "BackupService.1040", busy: "BackupService.1090" },
  rds: { invalid: "DBS.200001", auth: "DBS.200010", forbidden: "DBS.200030", notFound: "DBS.200040", busy: "DBS.200090" },
  vbs: { invalid: "badRequest", auth: "unauthorized", forbidden: "forbidden", notFound: "itemNotFound", busy: "conflictingRequest" },
  iam: { invalid: "Bad Request", auth: "Unauthorized", forbidden: "Forbidden", notFound: "Not Found", busy: "Conflict" },
} as const;

export type ServiceKey = keyof typeof codes;
