/** What the emulator has answered, for tests and benches (`emulator.stats`, `GET /__emulator/stats`). */
export interface EmulatorStats {
  /** Requests per operation (`cbr.listOpLogs`), whatever the answer, injected faults and 429s included. */
  readonly requests: Readonly<Record<string, number>>;
  /** Answers per operation and HTTP status (`{"cbr.restoreBackup": {"202": 3, "400": 1}}`); 0 is a dropped connection. */
  readonly answers: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** 429 answers of the rate limit per service endpoint (`cbr`, `csbs`, `vbs`, `evs`, `rds`). */
  readonly rateLimited: Readonly<Record<string, number>>;
}

/** Counters behind {@link EmulatorStats}. */
export class StatsCounter {
  private readonly requests: Record<string, number> = {};
  private readonly answers: Record<string, Record<string, number>> = {};
  private readonly rateLimited: Record<string, number> = {};

  answered(operation: string, status: number): void {
    this.requests[operation] = (this.requests[operation] ?? 0) + 1;
    const byStatus = (this.answers[operation] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }

  limited(service: string): void {
    this.rateLimited[service] = (this.rateLimited[service] ?? 0) + 1;
  }

  /** A copy, so that a caller holding it sees the counts at the time it asked. */
  snapshot(): EmulatorStats {
    return structuredClone({ requests: this.requests, answers: this.answers, rateLimited: this.rateLimited });
  }
}
