/** The clouds restorekit knows endpoints for. */
export type Cloud = "huaweicloud" | "otc";

/** One `servers` entry of a spec: a URL template with a `{region}` variable, and its regions. */
export interface ServerSpec {
  readonly cloud: Cloud;
  readonly url: string;
  readonly regions: readonly string[];
}
