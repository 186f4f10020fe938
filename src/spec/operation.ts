import type { Schema } from "../validation/schema.js";

/** One parameter of an operation, as the spec declares it. */
export interface ParameterSpec {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  readonly schema: Schema;
}

/**
 * What the SDK and the emulator need at run time about one operation. The generator writes one
 * per operation into `generated/operations/`, from the spec, so none of it is written by hand.
 */
export interface OperationSpec {
  readonly service: string;
  readonly operationId: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path template, for example `/v3/{project_id}/backups/{backup_id}/restore`. */
  readonly path: string;
  readonly parameters: readonly ParameterSpec[];
  /** The request body's schema; absent when the operation takes no body. */
  readonly body?: Schema;
  /** Whether the (one documented) success response has a body. */
  readonly successHasBody: boolean;
  /** Whether the operation needs credentials (IAM's token request does not). */
  readonly secured: boolean;
  /** The key of the endpoint table entry that serves it: the service, or the operation's own host (`evs`). */
  readonly endpoint: string;
}
