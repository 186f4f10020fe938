import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";

/**
 * The schema allows what the CBR pages allow (`server_id` with `volume_id`, empty `mappings`);
 * the emulator decides by the backup, as the service does: a server backup is restored to a
 * server from at least one mapping, a disk backup to a disk.
 */
const serverBackup = "a5200268-74a5-4806-acc6-95793ab0228b";
const diskBackup = "6c1a6d4e-2b1f-4a8e-9d51-4f0d8f3c2b10";
const server = "94eba8b2-acc9-4d82-badc-127144cc5526";
const serverDisk = "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376";
const freeDisk = "2748f2f2-4394-4e6e-af8d-8dd34496c024";
const mapping = { backup_id: "5d822633-2bbf-4af8-a16e-5ab1c7705235", volume_id: serverDisk };

let emulator: Emulator;
let token: string;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, restoreDurationMs: 60_000 });
  const c = emulator.credentials;
  const login = await fetch(`${emulator.url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      auth: { identity: { methods: ["password"], password: { user: { name: c.user, password: c.password, domain: { name: c.domain } } } }, scope: { project: { id: c.projectId } } },
    }),
  });
  token = login.headers.get("x-subject-token") ?? "";
  expect(token).not.toBe("");
});
afterEach(() => emulator.stop());

async function restore(backupId: string, body: object): Promise<{ status: number; body: { error_code?: string; error_msg?: string } | undefined }> {
  const res = await fetch(`${emulator.url}/v3/${emulator.credentials.projectId}/backups/${backupId}/restore`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Auth-Token": token },
    body: JSON.stringify({ restore: body }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { error_code?: string; error_msg?: string }) : undefined };
}

const volumeStatus = (id: string) => emulator.state.volumes.get(id)?.status;

describe("CBR restores in the emulator: the backup decides the kind of restoration", () => {
  it("accepts a disk restore with empty mappings, which the pages say are not used", async () => {
    expect(await restore(diskBackup, { volume_id: freeDisk, mappings: [] })).toEqual({ status: 202, body: undefined });
    expect(volumeStatus(freeDisk)).toBe("restoring-backup");
    expect(emulator.restoreLog).toHaveLength(1);
  });

  it("accepts server_id with volume_id: a disk backup restores the disk, and server_id is not used", async () => {
    expect((await restore(diskBackup, { server_id: server, volume_id: freeDisk, mappings: [mapping] })).status).toBe(202);
    expect(volumeStatus(freeDisk)).toBe("restoring-backup");
    expect(volumeStatus(serverDisk)).toBe("in-use");
  });

  it("accepts server_id with volume_id: a server backup restores the server's mapped disks, and volume_id is not used", async () => {
    expect((await restore(serverBackup, { server_id: server, volume_id: freeDisk, mappings: [mapping] })).status).toBe(202);
    expect(volumeStatus(serverDisk)).toBe("restoring-backup");
    expect(volumeStatus(freeDisk)).toBe("available");
  });

  it("refuses a whole-server backup restored as a disk, with CBR's error body", async () => {
    const answer = await restore(serverBackup, { volume_id: serverDisk });
    expect(answer.status).toBe(400);
    expect(answer.body?.error_code).toBe("BackupService.4001");
    expect(answer.body?.error_msg).toContain("backup of a whole server");
    expect(emulator.restoreLog).toHaveLength(0);
    expect(volumeStatus(serverDisk)).toBe("in-use");
  });

  it("refuses a whole-server restore whose mappings name no disk backup", async () => {
    const answer = await restore(serverBackup, { server_id: server, mappings: [] });
    expect(answer.status).toBe(400);
    expect(answer.body?.error_code).toBe("BackupService.4001");
    expect(answer.body?.error_msg).toContain("restore.mappings maps no disk backup");
    expect(emulator.restoreLog).toHaveLength(0);
  });

  it("refuses a disk backup restored to a server without a target disk", async () => {
    const answer = await restore(diskBackup, { server_id: server, mappings: [mapping] });
    expect(answer.status).toBe(400);
    expect(answer.body?.error_msg).toContain("backup of a disk: restore it with restore.volume_id");
    expect(emulator.restoreLog).toHaveLength(0);
  });

  it("refuses a disk backup restored to a server's ID given as the disk (volume_id or resource_id): a server is not a disk", async () => {
    for (const field of ["volume_id", "resource_id"]) {
      const answer = await restore(diskBackup, { [field]: server });
      expect(answer.status).toBe(400);
      expect(answer.body?.error_msg).toBe(`The target restore.${field} ${server} is a server; backup ${diskBackup} is a backup of a disk, restored to a disk.`);
    }
    expect(emulator.restoreLog).toHaveLength(0);
  });
});
