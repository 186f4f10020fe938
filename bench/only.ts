/**
 * `npm run bench -- --only PART`: one part of the bench, for development. It builds the package
 * as the full run does, measures the part, prints its RESULTS.md text and target verdicts, and
 * writes its figures to a JSON file in the temporary directory: bench/results.json and
 * bench/RESULTS.md stay as the last full run left them (they hold one run's figures, all of a date).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { log } from "./lib/stats.js";
import { builtCopy } from "./lib/workspace.js";
import { type WorkersSettings, measurePlanWorkers } from "./plan-workers.js";
import { workersSection } from "./plan-workers-report.js";
import { type Target, workersTargets } from "./targets.js";

/** A part's figures, its RESULTS.md text, and its targets' verdicts. */
interface Measured {
  readonly figures: unknown;
  readonly text: readonly string[];
  readonly targets: readonly Target[];
}

type Part = (packageDir: string) => Promise<Measured>;

const part =
  <T>(measure: (packageDir: string) => Promise<T>, render: (figures: T) => Omit<Measured, "figures">): Part =>
  async (packageDir) => {
    const figures = await measure(packageDir);
    return { figures, ...render(figures) };
  };

function parts(plan: WorkersSettings): Record<string, Part> {
  return {
    "plan-workers": part(
      (dir) => measurePlanWorkers(plan, dir),
      (w) => ({ text: workersSection(w), targets: workersTargets(w) }),
    ),
  };
}

/** The part `--only` names (`--only NAME` or `--only=NAME`), if any. */
export function onlyArgument(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (at < 0) return undefined;
  const arg = argv[at] as string;
  return arg.includes("=") ? arg.slice("--only=".length) : (argv[at + 1] ?? "");
}

export async function runOnly(name: string, settings: { readonly plan: WorkersSettings }): Promise<void> {
  const all = parts(settings.plan);
  const measure = all[name];
  if (!measure) throw new Error(`--only: no part named ${JSON.stringify(name)}; the parts: ${Object.keys(all).join(", ")}`);
  log("npm run build, in a private copy of the repository");
  const built = builtCopy();
  try {
    const started = performance.now();
    const { figures, text, targets } = await measure(built.dir);
    const file = join(tmpdir(), `restorekit-bench-${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`${text.join("\n")}\n`);
    const show = (n: number) => (Math.abs(n) < 10 ? n.toFixed(3) : n.toFixed(1));
    for (const t of targets) process.stdout.write(`${t.pass ? "pass" : "MISS"}  ${t.name}: ${show(t.measured)} ${t.unit} (target ${t.inclusive ? "≤" : "<"} ${show(t.limit)} ${t.unit}; ${t.detail})\n`);
    log(`${name}: ${((performance.now() - started) / 1000).toFixed(0)} s; figures in ${file} (bench/results.json and bench/RESULTS.md untouched)`);
  } finally {
    built.remove();
  }
}
