import { afterEach, describe, expect, it } from "vitest";
import { AuthError, RedirectError, akskAuth, createRestoreClient, iamAuth, tokenAuth } from "../../src/index.js";
import { type HostileServer, closedPortUrl, startHostileServer } from "../support/hostile-server.js";

const servers: HostileServer[] = [];
const start = async (...args: Parameters<typeof startHostileServer>) => {
  const s = await startHostileServer(...args);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const vbsRestore = { backupId: "b1", restore: { volume_id: "v1" } };

describe("redirects are never followed", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another host: nothing reaches it, the restore fails as RedirectError with fate unknown`, async () => {
      const elsewhere = await start((_r, res) => res.writeHead(200, { "Content-Type": "application/json" }).end('{"job_id":"someone-elses-job"}'));
      const api = await start((r, res) => res.writeHead(status, { Location: `${elsewhere.url}${r.rawUrl}` }).end());
      for (const auth of [tokenAuth("tok-SECRET-1234"), akskAuth({ ak: "AK", sk: "SK-SECRET-1234", securityToken: "ST-SECRET-1234" })]) {
        const rk = createRestoreClient({ projectId: "p1", auth, endpoints: api.url });
        const error = await rk.rds
          .restoreToExistingInstance({ source: { instance_id: "i1", backup_id: "b1" }, target: { instance_id: "i1" } })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RedirectError);
        expect((error as RedirectError).status).toBe(status);
        expect((error as RedirectError).location).toBe(elsewhere.host);
        expect((error as RedirectError).fate).toBe("unknown");
        expect((error as Error).message).toContain(elsewhere.host);
        expect((error as Error).message).toMatch(/may have been applied/);
      }
      expect(elsewhere.requests).toHaveLength(0);
      expect(api.requests).toHaveLength(2);
    });
  }

  it("a 307 loop to the same path delivers the restore exactly once", async () => {
    const api = await start((r, res) => res.writeHead(307, { Location: r.rawUrl }).end());
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url });
    await expect(rk.vbs.restoreBackup(vbsRestore)).rejects.toBeInstanceOf(RedirectError);
    expect(api.requests).toHaveLength(1);
  });

  it("a redirect to a closed port is not read as 'never sent': the restore is not sent again", async () => {
    const closed = await closedPortUrl();
    const api = await start((r, res) => res.writeHead(307, { Location: `${closed}${r.rawUrl}` }).end());
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url, baseDelayMs: 1 });
    const error = await rk.vbs.restoreBackup(vbsRestore).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).fate).toBe("unknown");
    expect(api.requests).toHaveLength(1);
  });

  it("a redirected status read is not followed either", async () => {
    const elsewhere = await start();
    const api = await start((r, res) => res.writeHead(302, { Location: `${elsewhere.url}${r.rawUrl}` }).end());
    const rk = createRestoreClient({ projectId: "p1", auth: tokenAuth("tok-1234"), endpoints: api.url });
    await expect(rk.rds.showJob({ id: "j1" })).rejects.toBeInstanceOf(RedirectError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("a redirected IAM login sends the password nowhere else, and fails as AuthError", async () => {
    const elsewhere = await start();
    const iam = await start((r, res) => res.writeHead(307, { Location: `${elsewhere.url}${r.rawUrl}` }).end());
    const api = await start();
    const rk = createRestoreClient({
      projectId: "p1",
      auth: iamAuth({ username: "u", password: "pw-SECRET-1234", domain: "d", endpoint: iam.url }),
      endpoints: api.url,
    });
    const error = await rk.vbs.restoreBackup(vbsRestore).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).fate).toBe("not-sent");
    expect((error as Error).message).toMatch(/307.*redirect/);
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });
});
