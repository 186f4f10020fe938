import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { sdkDate } from "../../src/signing/canonical.js";
import { vendorSign } from "../support/vendor-signer.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, restoreDurationMs: 100 });
});
afterAll(() => emulator.stop());

const body = { restore: { volume_id: "2748f2f2-4394-4e6e-af8d-8dd34496c024" } };
const path = () => `/v2/${emulator.credentials.projectId}/backups/1d1139d8-8989-49d3-8aa1-83eb691e6db2/restore`;

/** Signs with the vendor's signer, then lets `tamper` change what is actually sent. */
async function send(tamper: { body?: string; path?: string; date?: Date; sk?: string; ak?: string } = {}) {
  const url = `${emulator.url}${path()}`;
  const headers = { "Content-Type": "application/json", "X-Project-Id": emulator.credentials.projectId, "X-Sdk-Date": sdkDate(tamper.date ?? new Date()) };
  const signed = vendorSign({ url, method: "POST", data: body, headers, ak: tamper.ak ?? emulator.credentials.ak, sk: tamper.sk ?? emulator.credentials.sk });
  const { host: _host, ...toSend } = signed;
  return fetch(`${emulator.url}${tamper.path ?? path()}`, { method: "POST", headers: toSend, body: tamper.body ?? JSON.stringify(body) });
}

describe("AK/SK signature verification", () => {
  it("accepts the vendor signer's output", async () => {
    const res = await send();
    expect(res.status).toBe(202);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ["a tampered body", { body: JSON.stringify({ restore: { volume_id: "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376" } }) }, /does not match/],
    ["a tampered path", { path: `/v2/f841e01fd2b14e7fa41b6ae7aa6b0594/backups/other/restore` }, /does not match/],
    ["a date 16 minutes old", { date: new Date(Date.now() - 16 * 60_000) }, /15 minutes/],
    ["a date 16 minutes ahead", { date: new Date(Date.now() + 16 * 60_000) }, /15 minutes/],
    ["a wrong secret key", { sk: "not-the-secret" }, /does not match/],
    ["an unknown access key", { ak: "UNKNOWNAK" }, /unknown access key/],
  ])("refuses %s with 401 in the OpenStack shape", async (_name, tamper, reason) => {
    const before = emulator.restoreLog.length;
    const res = await send(tamper);
    expect(res.status).toBe(401);
    const json = (await res.json()) as { unauthorized: { code: number; message: string } };
    expect(json.unauthorized.code).toBe(401);
    expect(json.unauthorized.message).toMatch(reason);
    expect(emulator.restoreLog.length).toBe(before);
  });

  it("refuses a request with no credentials, and a token it did not issue", async () => {
    const none = await fetch(`${emulator.url}/v3/${emulator.credentials.projectId}/instances/recovery`, { method: "POST", body: "{}" });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error_code: string }).error_code).toMatch(/^DBS\./);
    const forged = await fetch(`${emulator.url}/v3/${emulator.credentials.projectId}/instances/recovery`, { method: "POST", headers: { "X-Auth-Token": "forged" }, body: "{}" });
    expect(forged.status).toBe(401);
  });
});
