import * as nodeCrypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { akskAuth, createRestoreClient } from "../../src/index.js";
import { nodeDigest, webDigest } from "../../src/signing/digest.js";
import { type RecordingServer, startRecordingServer } from "../support/recording-server.js";
import { gatewaySignature } from "../support/gateway-signature.js";
import { vendorSign } from "../support/vendor-signer.js";

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer((r) => (r.rawUrl.includes("/jobs") ? { status: 200, body: '{"job":{"id":"j","status":"Running"}}' } : { status: 202 }));
});
afterAll(() => server.close());

const ak = "HPUAEXAMPLEAK12345";
const sk = "exampleSecretKey/with+symbols=";
const fixed = new Date(Date.UTC(2026, 10, 20, 10, 0, 0));

/**
 * The parity table: each case is sent by restorekit, and signed again by the vendor's signer fed
 * the way the vendor's own client feeds it: the raw path value put into the URL.
 */
const cases = [
  { name: "seed example (CBR)", backupId: "a5200268-74a5-4806-acc6-95793ab0228b", restore: { volume_id: "v" }, headers: {} },
  { name: "path parameter with a colon", backupId: "a:b", restore: { volume_id: "v" }, headers: {} },
  { name: "path parameter with an at sign", backupId: "a@b", restore: { volume_id: "v" }, headers: {} },
  { name: "path parameter with an equals sign", backupId: "a=b", restore: { volume_id: "v" }, headers: {} },
  { name: "path parameter with a plus sign", backupId: "a+b", restore: { volume_id: "v" }, headers: {} },
  { name: "path parameter with Unicode", backupId: "é", restore: { volume_id: "v" }, headers: {} },
  { name: "body with Unicode and escapes", backupId: "b", restore: { volume_id: 'ü"\\\n' }, headers: {} },
  { name: "extra headers", backupId: "b", restore: { volume_id: "v" }, headers: { "X-Client-Trace": "abc 123", "X-Language": "en-us" } },
] as const;

describe("AK/SK signing parity with the vendor's signer", () => {
  for (const [digestName, digest] of [["node:crypto", nodeDigest(nodeCrypto)], ["WebCrypto", webDigest()]] as const) {
    for (const c of cases) {
      it(`${digestName}: ${c.name}`, async () => {
        const rk = createRestoreClient({ projectId: "p1", auth: akskAuth({ ak, sk, now: () => fixed, digest }), endpoints: server.url });
        await rk.cbr.restoreBackup({ backupId: c.backupId, restore: c.restore }, { headers: c.headers });
        const got = server.requests.at(-1);
        const sentHeaders: Record<string, string> = { "X-Sdk-Date": String(got?.headers["x-sdk-date"]), "content-type": "application/json", "x-project-id": "p1" };
        for (const [name, value] of Object.entries(c.headers)) sentHeaders[name.toLowerCase()] = value;
        const url = `${server.url}/v3/p1/backups/${c.backupId}/restore`;
        const expected = vendorSign({ url, method: "POST", data: JSON.parse(got?.body ?? ""), headers: sentHeaders, ak, sk });
        expect(got?.headers["x-sdk-date"]).toBe("20261120T100000Z");
        expect(got?.headers.authorization).toBe(expected.Authorization);
      });
    }

    for (const backupId of ["a b", "%41%", "a/b", "x?y#z", "100%"]) {
      it(`${digestName}: path parameter ${JSON.stringify(backupId)} signs as the gateway verifies it (decoded, then encoded once)`, async () => {
        const rk = createRestoreClient({ projectId: "p1", auth: akskAuth({ ak, sk, now: () => fixed, digest }), endpoints: server.url });
        await rk.cbr.restoreBackup({ backupId, restore: { volume_id: "v" } });
        const got = server.requests.at(-1);
        const rawPath = got?.rawUrl ?? "";
        const headers = { host: new URL(server.url).host, "content-type": "application/json", "x-project-id": "p1", "x-sdk-date": "20261120T100000Z" };
        const signature = gatewaySignature("POST", rawPath, headers, got?.body ?? "", "20261120T100000Z", sk);
        expect(got?.headers.authorization).toMatch(new RegExp(`Signature=${signature}$`));
      });
    }
  }

  it("a query string through the raw typed client signs identically too", async () => {
    const rk = createRestoreClient({ projectId: "p1", auth: akskAuth({ ak, sk, now: () => fixed }), endpoints: server.url });
    await rk.rds.client.GET("/v3/{project_id}/jobs", { params: { path: { project_id: "p1" }, query: { id: "job a/b&c=d" } } });
    const got = server.requests.at(-1);
    const expected = vendorSign({
      url: `${server.url}${got?.rawUrl}`,
      method: "GET",
      queryParams: { id: "job a/b&c=d" },
      headers: { "X-Sdk-Date": "20261120T100000Z", "x-project-id": "p1" },
      ak,
      sk,
    });
    expect(got?.headers.authorization).toBe(expected.Authorization);
  });

  it("every attempt is signed afresh", async () => {
    let t = fixed.getTime();
    const local = await startRecordingServer((r) => (r.headers["x-sdk-date"] === "20261120T100000Z" ? { status: 503, headers: { "Retry-After": "0" } } : { status: 202 }));
    try {
      // The clock moves a second per signature: the retry must carry a new date and signature.
      const rk = createRestoreClient({ projectId: "p1", auth: akskAuth({ ak, sk, now: () => new Date((t += 1000) - 1000) }), endpoints: local.url, baseDelayMs: 1 });
      await rk.vbs.restoreBackup({ backupId: "b", restore: { volume_id: "v" } }).catch(() => undefined);
      expect(local.requests.length).toBe(2);
      expect(local.requests[0]?.headers["x-sdk-date"]).not.toBe(local.requests[1]?.headers["x-sdk-date"]);
      expect(local.requests[0]?.headers.authorization).not.toBe(local.requests[1]?.headers.authorization);
    } finally {
      await local.close();
    }
  });
});
