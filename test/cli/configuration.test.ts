import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/index.js";
import { runCli } from "../support/run-cli.js";

/**
 * Configuration mistakes exit 2 with nothing sent, in the CLI's own words: its flags and
 * variables, never the SDK's options (`endpoints.vbs`, `projectId`, `createRestoreClient`).
 */
let emulator: Emulator;
let requests = 0;
let env: Record<string, string>;
const vbs = ["vbs", "restore", "--backup-id", "1d1139d8-8989-49d3-8aa1-83eb691e6db2", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024"];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, restoreDurationMs: 60_000, log: () => requests++ });
  const c = emulator.credentials;
  env = { HUAWEICLOUD_SDK_AK: c.ak, HUAWEICLOUD_SDK_SK: c.sk, HUAWEICLOUD_SDK_PROJECT_ID: c.projectId };
});
afterAll(() => emulator.stop());

const sdkWords = /endpoints\.|projectId|createRestoreClient|authFromEnv|a otc/;

describe.concurrent("configuration errors exit 2, named by flag", () => {
  const cases: [string, string[], Record<string, string> | undefined, RegExp][] = [
    ["an unknown region", ["--region", "xx-1"], undefined, /^restorekit: vbs is not offered in region "xx-1" on Huawei Cloud; its regions there: .*eu-west-0.* \(restorekit regions --service vbs --cloud huaweicloud\)\. To reach another endpoint, give --endpoint-vbs URL$/m],
    ["a missing --region", [], undefined, /^restorekit: --region is required \(or set HUAWEICLOUD_SDK_REGION or OS_REGION_NAME\), unless --endpoint or --endpoint-vbs gives the URL$/m],
    ["a region of the other cloud", ["--region", "eu-de"], undefined, /^restorekit: region eu-de is on Open Telekom Cloud, not Huawei Cloud: add --cloud otc$/m],
    ["--cloud aws", ["--cloud", "aws", "--region", "eu-de"], undefined, /^restorekit: --cloud must be huaweicloud or otc, got "aws"$/m],
    ["plain http to another host", ["--endpoint", "http://10.0.0.1:4010"], undefined, /^restorekit: --endpoint must use https:\/\/ \(plain http:\/\/ is allowed only for loopback addresses\), got http:\/\/10\.0\.0\.1:4010; for an emulator on a test network, add --insecure-http$/m],
    ["an endpoint that is not a URL", ["--endpoint", "not a url"], undefined, /^restorekit: --endpoint is not a URL$/m],
    ["a per-service endpoint with a password", ["--endpoint-vbs", "https://user:pw@vbs.example.com", "--cloud", "otc", "--region", "eu-de"], undefined, /^restorekit: --endpoint-vbs must not carry credentials \(user:password@\)$/m],
    ["RESTOREKIT_INSECURE_HTTP that is neither 1 nor 0", ["--cloud", "otc", "--region", "eu-de"], { RESTOREKIT_INSECURE_HTTP: "yes" }, /^restorekit: RESTOREKIT_INSECURE_HTTP must be 1 .*got "yes"$/m],
    // With the ECS metadata step left out, nothing at all: the CLI stops before anything is sent.
    ["no credentials", ["--cloud", "otc", "--region", "eu-de"], { HUAWEICLOUD_SDK_AK: "", HUAWEICLOUD_SDK_SK: "", RESTOREKIT_ECS_METADATA_DISABLED: "true" }, /^restorekit: no credentials: give --token-file PATH \(or --token\), or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or OS_AUTH_TOKEN, or OS_USERNAME, OS_PASSWORD and OS_USER_DOMAIN_NAME, or OS_CLOUD for a clouds\.yaml cloud \(set now: HUAWEICLOUD_SDK_PROJECT_ID\)\. Tried: 1\. environment: .*; 3\. ECS metadata service: left out \(RESTOREKIT_ECS_METADATA_DISABLED\)\.$/m],
    // Off an ECS, the metadata service does not answer: the real run stops at its first request, listing every source tried.
    ["no credentials, and no ECS metadata service", ["--cloud", "otc", "--region", "eu-de"], { HUAWEICLOUD_SDK_AK: "", HUAWEICLOUD_SDK_SK: "" }, /^restorekit: no credentials: give --token-file PATH \(or --token\), or set them in the environment or a clouds\.yaml \(OS_CLOUD\)\. Tried: 1\. environment: .*; 2\. clouds\.yaml: OS_CLOUD is not set; 3\. ECS metadata service: .*$/m],
    ["no project", ["--cloud", "otc", "--region", "eu-de"], { HUAWEICLOUD_SDK_PROJECT_ID: "" }, /^restorekit: --project-id is required \(or set HUAWEICLOUD_SDK_PROJECT_ID or OS_PROJECT_ID, or give the clouds\.yaml cloud a project_id\)$/m],
    ["--timeout without --wait", ["--cloud", "otc", "--region", "eu-de", "--timeout", "5m"], undefined, /^restorekit: --timeout limits the wait: add --wait, or give --request-timeout to limit one request$/m],
    ["a duration without a number", ["--cloud", "otc", "--region", "eu-de", "--request-timeout", "soon"], undefined, /^restorekit: --request-timeout takes a duration such as 1500ms, 90s, 20m or 2h, got "soon"$/m],
    ["--token and --token-file together", ["--cloud", "otc", "--region", "eu-de", "--token", "t", "--token-file", "/dev/null"], undefined, /^restorekit: give --token or --token-file, not both$/m],
  ];
  for (const [what, args, extraEnv, message] of cases) {
    it(what, async () => {
      const before = requests;
      const r = await runCli([...vbs, ...args], { ...env, ...extraEnv });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(sdkWords);
      expect(r.code).toBe(2);
      expect(requests).toBe(before);
    });
  }

  it("status and wait check the endpoint they read (VBS disks are read from EVS)", async () => {
    const r = await runCli(["vbs", "wait", "--volume-id", "v", "--endpoint-vbs", emulator.url, "--region", "xx-1"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^restorekit: evs is not offered in region "xx-1".*give --endpoint-evs URL$/m);
  });

  it("a per-service endpoint serves that service; --endpoint the others", async () => {
    const r = await runCli([...vbs, "--endpoint-vbs", emulator.url, "--endpoint", "https://unused.example.com", "--dry-run"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`POST ${emulator.url}/v2/`);
  });
});

describe("--insecure-http: plain http to a host that is not a loopback address, only when asked, loudly", () => {
  // An IPv4-mapped IPv6 address is not one of the loopback names the SDK allows plain http for, yet it reaches this machine.
  const mapped = () => emulator.url.replace("127.0.0.1", "[::ffff:127.0.0.1]");

  it("without it: refused before anything is sent; with it, or RESTOREKIT_INSECURE_HTTP=1: sent, with a warning on every run", async () => {
    const status = ["vbs", "status", "--volume-id", "2748f2f2-4394-4e6e-af8d-8dd34496c024", "--endpoint", mapped()];
    const before = requests;
    const refused = await runCli(status, env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--endpoint must use https:\/\/.*add --insecure-http/);
    expect(requests).toBe(before);
    for (const [args, extra] of [[["--insecure-http"], {}], [[], { RESTOREKIT_INSECURE_HTTP: "1" }]] as const) {
      const r = await runCli([...status, ...args], { ...env, ...extra });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^vbs disk 2748f2f2-4394-4e6e-af8d-8dd34496c024: available/m);
      expect(r.stderr).toMatch(/^restorekit: WARNING: --insecure-http .* Use it only on a test network\.$/m);
    }
    expect(requests).toBe(before + 2);
  });
});
