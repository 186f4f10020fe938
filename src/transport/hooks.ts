/** What the observability hooks receive. Headers are always redacted copies. */
export interface RequestEvent {
  readonly service: string;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** An attempt about to be sent. */
export interface SendEvent extends RequestEvent {
  /** The serialized body exactly as sent (restore bodies carry no credentials). */
  readonly body: string;
}

export interface ResponseEvent extends RequestEvent {
  readonly status: number;
  readonly durationMs: number;
  readonly requestId: string | undefined;
  readonly responseHeaders: Readonly<Record<string, string>>;
}

export interface RetryEvent {
  readonly service: string;
  readonly operation: string;
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Why: `HTTP 503`, `timeout`, `connection refused`, `HTTP 401, token refreshed`. */
  readonly reason: string;
}

export interface Hooks {
  readonly onRequest?: (event: SendEvent) => void;
  readonly onResponse?: (event: ResponseEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  /** `true` prints each attempt as a redacted `curl` command to stderr; a function receives the lines. */
  readonly debug?: boolean | ((line: string) => void);
}
