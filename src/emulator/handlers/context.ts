import type { EmulatorState } from "../state.js";

/** What a route handler gets: the parsed, validated request and the emulator's model. */
export interface HandlerContext {
  readonly state: EmulatorState;
  readonly operationId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly requestId: string;
  readonly projectId: string;
  readonly now: () => number;
  /** How long a restore accepted now takes. */
  readonly duration: () => number;
  /** Set by a `restoreFails` fault: the restore is accepted and ends in the failure state. */
  readonly failure: { readonly reason: string } | undefined;
  readonly newId: () => string;
}

export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (context: HandlerContext) => HandlerResult;

export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
