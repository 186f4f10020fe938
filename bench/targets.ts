/** The figures `npm run bench:check` holds the SDK to. */
export interface BenchResults {
  readonly sequential: Record<string, { microsPerRequest: { median: number } }>;
  readonly signing: Record<string, { median: number }>;
  readonly size: Record<string, { bundle: { gzip: number }; dependencyBytes: number }>;
  readonly coldStart: Record<string, { median: number }>;
}

export interface Target {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
}

export function targets(r: BenchResults): Target[] {
  const perRequest = (k: string) => r.sequential[k]?.microsPerRequest.median ?? Number.NaN;
  return [
    { name: "restorekit tokenAuth per request ÷ raw openapi-fetch", value: perRequest("restorekit, tokenAuth") / perRequest("openapi-fetch (raw)"), limit: 1.15, unit: "×" },
    { name: "restorekit signing (node:crypto) ÷ vendor signer", value: (r.signing["restorekit, node:crypto"]?.median ?? Number.NaN) / (r.signing["vendor core AKSKSigner"]?.median ?? Number.NaN), limit: 1 / 3, unit: "×" },
    { name: "signed one-call bundle, min+gzip", value: (r.size.restorekit?.bundle.gzip ?? Number.NaN) / 1024, limit: 8, unit: "kB" },
    { name: "runtime dependencies on disk", value: (r.size.restorekit?.dependencyBytes ?? Number.NaN) / 2 ** 20, limit: 1, unit: "MB" },
    { name: "import restorekit", value: r.coldStart["import restorekit"]?.median ?? Number.NaN, limit: 30, unit: "ms" },
  ];
}
