import type { PlanProblem } from "./plan-error.js";

/**
 * Checks the `after` graph: every name is an item of the plan, no item names itself twice, and
 * there is no cycle (each cycle is reported once, with its path).
 */
export function checkGraph(items: readonly { readonly id: string; readonly after: readonly string[] }[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const ids = new Set(items.map((i) => i.id));
  const edges = new Map<string, string[]>();
  for (const item of items) {
    const seen = new Set<string>();
    for (const [n, dep] of item.after.entries()) {
      const field = `after[${n}]`;
      if (!ids.has(dep)) problems.push({ item: item.id, field, rule: "unknownItem", message: `${item.id}: ${field} names ${JSON.stringify(dep)}, which is not an item of the plan` });
      else if (seen.has(dep)) problems.push({ item: item.id, field, rule: "duplicate", message: `${item.id}: ${field} names ${dep} twice` });
      seen.add(dep);
    }
    edges.set(item.id, [...seen].filter((d) => ids.has(d)));
  }
  // Depth-first search; a back edge closes a cycle, reported from its first member.
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, "open");
    stack.push(id);
    for (const dep of edges.get(id) ?? []) {
      if (state.get(dep) === "open") {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        problems.push({ item: dep, field: "after", rule: "cycle", message: `${dep}: the items wait for each other in a cycle: ${cycle.join(" → ")}` });
      } else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const item of items) if (!state.has(item.id)) visit(item.id);
  return problems;
}
