import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { NotFoundError, akskAuth, createRestoreClient } from "../../src/index.js";
import { type HostileServer, startHostileServer } from "../support/hostile-server.js";
import { gatewaySignature } from "../support/gateway-signature.js";
import { vendorSign } from "../support/vendor-signer.js";

let emulator: Emulator;
let recorder: HostileServer;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 3 });
  recorder = await startHostileServer();
});
afterAll(async () => {
  await emulator.stop();
  await recorder.close();
});

const client = (url: string) => {
  const { ak, sk, projectId } = emulator.credentials;
  return createRestoreClient({ projectId, auth: akskAuth({ ak, sk }), endpoints: url });
};

describe("what is signed is what fetch sends", () => {
  it("header values with leading or trailing whitespace are signed as sent (trimmed): the emulator verifies them", async () => {
    const out = await client(emulator.url).vbs.showVolume({ volumeId: "2748f2f2-4394-4e6e-af8d-8dd34496c024" }, { headers: { "X-Trace": "  abc \t" } });
    expect(out.volume.id).toBe("2748f2f2-4394-4e6e-af8d-8dd34496c024");
  });

  it("a per-call content-type next to the SDK's Content-Type: one header goes out, signed as sent", async () => {
    await client(recorder.url).cbr.restoreBackup({ backupId: "b1", restore: { volume_id: "v1" } }, { headers: { "content-type": "application/json;charset=utf8" } });
    const sent = recorder.requests.at(-1);
    expect(sent?.headers["content-type"]).toBe("application/json;charset=utf8");
    expect(String(sent?.headers.authorization)).toContain("SignedHeaders=content-type;host;x-project-id;x-sdk-date");
    const accepted = await client(emulator.url).cbr.showBackup({ backupId: "a5200268-74a5-4806-acc6-95793ab0228b" }, { headers: { "content-type": "text/plain" } });
    expect(accepted.backup.id).toBe("a5200268-74a5-4806-acc6-95793ab0228b");
  });

  for (const id of ["a:b", "a@b", "a=b", "a+b", "a b", "ü"]) {
    it(`a path parameter ${JSON.stringify(id)} is signed as the gateway verifies it: the vendor's signer, fed as its client feeds it, agrees`, async () => {
      const { ak, sk, projectId } = emulator.credentials;
      await client(recorder.url).cbr.showBackup({ backupId: id }).catch(() => undefined);
      const sent = recorder.requests.at(-1);
      const signature = /Signature=(\w+)/.exec(String(sent?.headers.authorization))?.[1];
      const date = String(sent?.headers["x-sdk-date"]);
      if (id !== "a b") {
        // The vendor's client puts the raw value into the URL it signs.
        const vendor = vendorSign({ url: `${recorder.url}/v3/${projectId}/backups/${id}`, method: "GET", headers: { "X-Sdk-Date": date, "x-project-id": projectId }, ak, sk });
        expect(vendor.Authorization).toContain(`Signature=${signature}`);
      } else {
        // The vendor's client escapes a space before encoding it (%2520); the gateway's rule is the reference.
        const headers = { host: recorder.host, "x-project-id": projectId, "x-sdk-date": date };
        expect(signature).toBe(gatewaySignature("GET", sent?.rawUrl ?? "", headers, "", date, sk));
      }
      // And the emulator, verifying like the gateway, accepts the signature (404: no such backup, not 401).
      await expect(client(emulator.url).cbr.showBackup({ backupId: id })).rejects.toBeInstanceOf(NotFoundError);
    });
  }
});
