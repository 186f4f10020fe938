import * as nodeCrypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSdkDate, sdkDate } from "../../src/signing/canonical.js";
import { defaultDigest } from "../../src/signing/default-digest.js";
import { defaultDigest as nodeBuildDigest } from "../../src/signing/default-digest.node.js";
import { defaultDigest as webBuildDigest } from "../../src/signing/default-digest.web.js";
import { nodeDigest, webDigest } from "../../src/signing/digest.js";
import { signRequest } from "../../src/signing/sign.js";
import { vendorSign } from "../support/vendor-signer.js";

const keys = { ak: "HPUAEXAMPLEAK12345", sk: "exampleSecretKey/with+symbols=" };
const request = {
  method: "POST",
  url: new URL("https://cbr.eu-de.otc.t-systems.com/v3/p1/backups/b1/restore"),
  headers: { "Content-Type": "application/json" },
  body: '{"restore":{"volume_id":"v"}}',
};
const at = new Date(Date.UTC(2026, 10, 23, 5, 0, 0));

describe("digest choice", () => {
  it("uses node:crypto, synchronously, where process.getBuiltinModule lends it", () => {
    const digest = defaultDigest();
    expect(digest.name).toBe("node:crypto");
    expect(typeof digest.sha256Hex("abc")).toBe("string");
  });

  it("falls back to WebCrypto where the runtime has no getBuiltinModule (browsers, workers, Node < 20.16)", () => {
    expect(defaultDigest({}).name).toBe("webcrypto");
    expect(defaultDigest({ process: {} }).name).toBe("webcrypto");
    expect(defaultDigest({ process: { getBuiltinModule: () => undefined } }).name).toBe("webcrypto");
  });

  it("the published build's two digests: node:crypto (synchronous) and WebCrypto, with the same output", async () => {
    const node = nodeBuildDigest();
    const web = webBuildDigest();
    expect([node.name, web.name]).toEqual(["node:crypto", "webcrypto"]);
    expect(typeof node.hmacSha256Hex("k", "m")).toBe("string");
    expect(await web.hmacSha256Hex("k", "m")).toBe(node.hmacSha256Hex("k", "m"));
  });

  it("the Node build on a Node without getBuiltinModule (before 20.16) imports node:crypto and answers with Promises", async () => {
    const lend = process.getBuiltinModule;
    try {
      Object.defineProperty(process, "getBuiltinModule", { value: undefined, configurable: true, writable: true });
      const digest = nodeBuildDigest();
      const hash = digest.sha256Hex("abc");
      expect(hash).toBeInstanceOf(Promise);
      expect(await hash).toBe(nodeCrypto.createHash("sha256").update("abc").digest("hex"));
      expect(await signRequest(request, keys, digest, at)).toEqual(signRequest(request, keys, nodeDigest(nodeCrypto), at));
    } finally {
      Object.defineProperty(process, "getBuiltinModule", { value: lend, configurable: true, writable: true });
    }
  });

  it("one node:crypto digest used with changing keys always keys the HMAC with the key it is given", () => {
    const digest = nodeDigest(nodeCrypto);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("sk-one", "sk-two", "sk-ü"), fc.string()), { minLength: 1, maxLength: 8 }), (calls) => {
        for (const [key, data] of calls) expect(digest.hmacSha256Hex(key, data)).toBe(nodeCrypto.createHmac("sha256", key).update(data).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });

  it("the one-shot hash and the createHash fallback give the same digests", () => {
    const withHash = nodeDigest(nodeCrypto);
    const { hash: _unused, ...withoutHash } = nodeCrypto;
    const fallback = nodeDigest(withoutHash as typeof nodeCrypto);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        expect(fallback.sha256Hex(text)).toBe(withHash.sha256Hex(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe("signRequest", () => {
  it("returns the headers directly with node:crypto and as a Promise with WebCrypto, with identical values", async () => {
    const direct = signRequest(request, keys, nodeDigest(nodeCrypto), at);
    const later = signRequest(request, keys, webDigest(), at);
    expect(direct).not.toBeInstanceOf(Promise);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toEqual(direct);
  });

  it("matches the vendor's signer for random keys, bodies and extra headers, on both digests", async () => {
    const header = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc.dictionary(header, fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/), { maxKeys: 3 }),
        async (sk, text, extra) => {
          const req = { ...request, headers: { ...request.headers, ...extra }, body: JSON.stringify({ restore: { volume_id: text } }) };
          const k = { ak: keys.ak, sk };
          const ours = signRequest(req, k, nodeDigest(nodeCrypto), at) as Record<string, string>;
          const expected = vendorSign({
            url: req.url.href,
            method: "POST",
            data: { restore: { volume_id: text } },
            headers: { "X-Sdk-Date": "20261123T050000Z", "content-type": "application/json", ...extra },
            ak: k.ak,
            sk,
          });
          expect(ours.Authorization).toBe(expected.Authorization);
          expect((await signRequest(req, k, webDigest(), at)).Authorization).toBe(ours.Authorization);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("matches the vendor's signer for random query strings (reserved characters, Unicode, repeats)", () => {
    const text = fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom("!", "'", "(", ")", "*", "~", "%41", "a b", "+", "=&"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), text), { minLength: 1, maxLength: 4 }), (pairs) => {
        const url = new URL("https://rds.eu-de.otc.t-systems.com/v3/p1/jobs");
        for (const [name, value] of pairs) url.searchParams.append(name, value);
        const queryParams: Record<string, string[]> = {};
        for (const [name, value] of url.searchParams) (queryParams[name] ??= []).push(value);
        const ours = signRequest({ method: "GET", url, headers: {}, body: "" }, keys, nodeDigest(nodeCrypto), at) as Record<string, string>;
        const expected = vendorSign({ url: `${url.origin}${url.pathname}`, method: "GET", queryParams, headers: { "X-Sdk-Date": "20261123T050000Z" }, ...keys });
        expect(ours.Authorization).toBe(expected.Authorization);
      }),
      { numRuns: 500 },
    );
  });
});

describe("sdkDate", () => {
  it("formats every second correctly, whether or not the previous call was in the same second", () => {
    const base = Date.UTC(2000, 0, 1);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3_000_000_000_000 }), { minLength: 1, maxLength: 20 }), (offsets) => {
        for (const offset of offsets) {
          const when = new Date(base + offset);
          const expected = `${when.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
          expect(sdkDate(when)).toBe(expected);
          expect(sdkDate(new Date(when.getTime() + 999 - (when.getTime() % 1000)))).toBe(expected);
          expect(parseSdkDate(expected)?.getTime()).toBe(when.getTime() - (when.getTime() % 1000));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
