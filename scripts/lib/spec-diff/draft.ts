import { type ChangeKind, type SpecChange, changeLabel } from "./change.js";

const headings: Record<ChangeKind, string> = {
  breaking: "Breaking",
  "non-breaking": "Non-breaking",
  annotation: "Annotations (descriptions, examples, notes)",
};

/**
 * The spec part of a CHANGELOG entry: breaking and non-breaking changes one per line (the labels
 * the release check looks for), annotation-only changes counted per service.
 */
export function draftChangelog(version: string, changes: readonly SpecChange[]): string {
  const out = [`## ${version}`, "", "### Spec changes", ""];
  if (changes.length === 0) return [...out, "None.", ""].join("\n");
  for (const kind of ["breaking", "non-breaking"] as const) {
    const list = changes.filter((c) => c.kind === kind);
    if (list.length === 0) continue;
    out.push(`${headings[kind]}:`, "", ...list.map((c) => `- ${changeLabel(c)}`), "");
  }
  const notes = changes.filter((c) => c.kind === "annotation");
  if (notes.length > 0) {
    const per = new Map<string, number>();
    for (const c of notes) per.set(c.service, (per.get(c.service) ?? 0) + 1);
    out.push(`${headings.annotation}: ${[...per].map(([s, n]) => `${s} ${n}`).join(", ")}.`, "");
  }
  return out.join("\n");
}
