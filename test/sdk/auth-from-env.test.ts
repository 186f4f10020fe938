import { describe, expect, it } from "vitest";
import { AuthError, authFromEnv, createRestoreClient, describeEnv } from "../../src/index.js";
import { startRecordingServer } from "../support/recording-server.js";

describe("authFromEnv", () => {
  it.each([
    ["the Huawei Cloud SDK's AK/SK", { HUAWEICLOUD_SDK_AK: "AKENV", HUAWEICLOUD_SDK_SK: "skenv-secret", HUAWEICLOUD_SDK_PROJECT_ID: "penv" }, "aksk"],
    ["an OpenStack token", { OS_AUTH_TOKEN: "tok-env-123", OS_PROJECT_ID: "penv" }, "token"],
  ])("picks %s and the project from the environment", async (_name, env, kind) => {
    const server = await startRecordingServer();
    try {
      const auth = authFromEnv(env);
      expect(auth.kind).toBe(kind);
      const rk = createRestoreClient({ auth, endpoints: server.url });
      await rk.cbr.restoreBackup({ backupId: "b", restore: { volume_id: "v" } });
      const sent = server.requests.at(-1);
      expect(sent?.rawUrl).toBe("/v3/penv/backups/b/restore");
      if (kind === "aksk") expect(sent?.headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKENV, /);
      else expect(sent?.headers["x-auth-token"]).toBe("tok-env-123");
    } finally {
      await server.close();
    }
  });

  it("builds an IAM password login from OS_* variables", () => {
    const auth = authFromEnv({ OS_USERNAME: "u", OS_PASSWORD: "pw-env-secret", OS_USER_DOMAIN_NAME: "d", OS_PROJECT_NAME: "eu-de", OS_REGION_NAME: "eu-de" });
    expect(auth.kind).toBe("iam");
    expect(auth.hints?.region).toBe("eu-de");
  });

  it("says which variables it found and which are missing, never their values", () => {
    const env = { OS_USERNAME: "someone", OS_PASSWORD: "pw-env-secret" };
    const error = (() => {
      try {
        authFromEnv(env);
      } catch (e) {
        return e as AuthError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AuthError);
    expect(error?.message).toMatch(/Found: OS_USERNAME, OS_PASSWORD/);
    expect(error?.message).toMatch(/OS_USER_DOMAIN_NAME missing/);
    expect(error?.message).toMatch(/HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK missing/);
    expect(error?.message).not.toContain("pw-env-secret");
    expect(error?.message).not.toContain("someone");
    expect(describeEnv(env).found).toEqual(["OS_USERNAME", "OS_PASSWORD"]);
  });
});
