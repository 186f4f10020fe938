/** A token bucket per project and service: `requestsPerSecond` refill, up to `burst` at once. */
export interface RateLimit {
  readonly requestsPerSecond: number;
  /** How many requests may arrive at once after a quiet spell; default: `requestsPerSecond`, at least 1. */
  readonly burst?: number;
}

/**
 * The default: 10 requests per second with bursts of 20, per project and service. The only
 * figure the vendors publish for these services is RDS's standard flow control, 60 calls a
 * minute per user for each API; a plan uses several APIs of a service, so a service-wide
 * budget of a few to ten requests a second is of that order. For CBR, CSBS, VBS and EVS it is
 * an assumption (see the emulator README).
 */
export const defaultRateLimit: RateLimit = { requestsPerSecond: 10, burst: 20 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by key; time comes from a monotonic clock, not the emulator's (possibly frozen) wall clock. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  readonly burst: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    const { requestsPerSecond: rate, burst = Math.max(1, Math.ceil(rate)) } = limit;
    if (!(typeof rate === "number" && Number.isFinite(rate) && rate > 0)) throw new RangeError("rateLimit.requestsPerSecond must be a number above 0");
    if (!(Number.isInteger(burst) && burst >= 1)) throw new RangeError("rateLimit.burst must be an integer of at least 1");
    this.burst = burst;
  }

  /** Takes a token for `key`: 0 when the request may proceed, otherwise the whole seconds until a token is there (at least 1). */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.requestsPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.requestsPerSecond));
  }
}
