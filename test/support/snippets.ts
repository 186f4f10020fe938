import { readFileSync } from "node:fs";

/** The kinds of fenced block a README may hold, each tested in its own way (see test/docs/readme-snippets.test.ts). */
export const snippetKinds = {
  /** TypeScript, type-checked against the published package. */
  types: "ts",
  /** TypeScript, type-checked, then run against an emulator. */
  run: "ts|sh",
  /** Shell, started in the background (the emulator), ready when it prints "Press Ctrl+C". */
  background: "sh",
  /** Shell, run in a project that has restorekit installed. */
  consumer: "sh",
  /** Shell, run with a throwaway PostgreSQL server and the emulator in place of the URLs it names. */
  workers: "sh",
  /** The commands CI itself runs (.ci/run). */
  ci: "sh",
  /** The CLI's synopsis, equal to the command registry's. */
  synopsis: "text",
  /** A restore plan, checked with checkPlan. */
  plan: "yaml",
  /** Not code: a diagram, a transcript, a JSON shape. */
  none: "text",
} as const;

export type SnippetKind = keyof typeof snippetKinds;

export interface Snippet {
  readonly file: string;
  /** The line of the opening fence, 1-based. */
  readonly line: number;
  readonly lang: string;
  /** From `test=` in the fence's info string; `undefined` when it has none. */
  readonly kind: string | undefined;
  /** From `given=a,b`: names the block uses that an earlier block or the reader defines. */
  readonly given: readonly string[];
  readonly code: string;
}

/** Every fenced block of a Markdown file, with what its info string says about testing it. */
export function readSnippets(file: string): Snippet[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const [lang = "", ...words] = (open[1] as string).trim().split(/\s+/);
    const close = lines.findIndex((l, j) => j > i && l === "```");
    if (close < 0) throw new Error(`${file}:${i + 1}: a fence that is never closed`);
    const attr = (name: string) => words.find((w) => w.startsWith(`${name}=`))?.slice(name.length + 1);
    out.push({ file, line: i + 1, lang, kind: attr("test"), given: attr("given")?.split(",") ?? [], code: lines.slice(i + 1, close).join("\n") });
    i = close;
  }
  return out;
}
