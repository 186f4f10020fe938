import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: { sign(request: object, credentials: object): Record<string, string> };
};
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core") as {
  BasicCredentials: new () => { withAk(ak: string): { withSk(sk: string): object } };
};

/** The vendor's own signer (`@huaweicloud/huaweicloud-sdk-core`), used as the reference. */
export function vendorSign(input: {
  url: string;
  method: string;
  data?: unknown;
  queryParams?: Record<string, string | string[]>;
  headers: Record<string, string>;
  ak: string;
  sk: string;
}): Record<string, string> {
  const credentials = new BasicCredentials().withAk(input.ak).withSk(input.sk);
  return AKSKSigner.sign(
    { endpoint: input.url, method: input.method, queryParams: input.queryParams ?? {}, data: input.data, headers: { ...input.headers } },
    credentials,
  );
}
