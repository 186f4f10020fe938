/** How a spec change affects the code that platform teams generate from the specs. */
export type ChangeKind = "breaking" | "non-breaking" | "annotation";

export interface SpecChange {
  readonly service: string;
  readonly kind: ChangeKind;
  /** The operation (`cbr.restoreBackup`), or the service for document-level changes (`cbr`). */
  readonly subject: string;
  /** What changed, in words. */
  readonly what: string;
  /** Where in the bundled document, as a JSON path. */
  readonly path: string;
  /** Which rule decided the kind: `api-smart-diff`, or the name of one of restorekit's own rules. */
  readonly decidedBy: string;
}

/** The line a CHANGELOG entry quotes to name a change. */
export const changeLabel = (c: SpecChange): string => `[${c.subject}] ${c.what}`;
