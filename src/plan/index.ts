/**
 * `restorekit/plan`: restore plans of many resources, run under the services' rate limits with
 * a durable journal. The SDK's entry never imports this one.
 */
export type { PlanDocument, PlanItem } from "./plan-document.js";
export { checkPlan, type CheckedPlan, type CheckedItem, type CheckOptions } from "./plan-check.js";
export { loadPlan, type LoadedPlan } from "./load-plan.js";
export { parsePlanText } from "./plan-text.js";
export { PlanError, type PlanProblem } from "./plan-error.js";
export { preflightPlan, type PreflightOptions } from "./preflight.js";
export { runPlan, defaultTrackings, type RunPlanOptions, type RunSummary } from "./run/run-plan.js";
export type { PlanEvent, ItemEvent, ProgressEvent, RunEvent } from "./run/events.js";
export { Journal, type ItemRecord, type EventRecord, type AcceptedFacts } from "./journal/journal.js";
export type { SqlClient } from "./journal/sql-client.js";
export { openPgliteJournal } from "./journal/pglite.js";
export { openPostgresJournal, isPostgresUrl, type PostgresJournalOptions } from "./journal/postgres.js";
export { redactUrl } from "./journal/redact-url.js";
export { itemStates, transitions, settledStates, type ItemState } from "./states.js";
export { AdaptiveRate, type RateBudget, type AdaptiveOptions } from "./rate-limiter.js";
export { planReport, type PlanReport, type ReportItem } from "./report/report-data.js";
export { htmlReport } from "./report/html.js";
export { junitReport } from "./report/junit.js";
export type { RestoreTracking, Evidence, StatusRead, ServiceCall, Followed, PreflightProblem } from "./tracking.js";
