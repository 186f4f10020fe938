import type { PlanReport } from "./report-data.js";

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

/**
 * The run as JUnit XML, so that a CI system shows a DR drill as tests: one test case per item
 * (its recovery time as the case's time), failed items as failures with the service's reason,
 * items in doubt as errors, skipped items as skipped, and an item over the RTO as a failure.
 */
export function junitReport(report: PlanReport): string {
  const cases = report.items.map((item) => {
    const seconds = item.recoveryMs === null ? 0 : item.recoveryMs / 1000;
    const head = `    <testcase classname="restorekit.${xml(item.service)}" name="${xml(item.id)}" time="${seconds.toFixed(3)}">`;
    let body = "";
    if (item.state === "failed") body = `\n      <failure message="${xml(item.reason ?? "failed")}" type="restore-failed"/>`;
    else if (item.state === "in-doubt") body = `\n      <error message="${xml(item.reason ?? "in doubt")}" type="in-doubt">${xml(JSON.stringify(item.evidence ?? null))}</error>`;
    else if (item.state === "skipped") body = `\n      <skipped message="${xml(item.reason ?? "skipped")}"/>`;
    else if (item.state !== "succeeded") body = `\n      <error message="${xml(`not finished: ${item.state}`)}" type="unfinished"/>`;
    else if (item.rtoMet === false) body = `\n      <failure message="${xml(`recovered in ${seconds.toFixed(0)} s, over the RTO of ${report.rtoMinutes} min`)}" type="rto"/>`;
    return `${head}${body}\n    </testcase>`;
  });
  const c = report.counts;
  const failures = report.items.filter((i) => i.state === "failed" || (i.state === "succeeded" && i.rtoMet === false)).length;
  const errors = report.items.filter((i) => i.state !== "failed" && i.state !== "succeeded" && i.state !== "skipped").length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="restorekit plan ${xml(report.plan)}" tests="${report.items.length}" failures="${failures}" errors="${errors}" skipped="${c.skipped}">`,
    `  <testsuite name="${xml(report.plan)}" tests="${report.items.length}" failures="${failures}" errors="${errors}" skipped="${c.skipped}" timestamp="${report.startedAt}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
