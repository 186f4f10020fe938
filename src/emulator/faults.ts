import { parseFaultRule } from "./fault-rule.js";
import type { Fault, FaultRule } from "./options.js";

interface ActiveRule {
  readonly rule: FaultRule & { readonly fault: Fault };
  remaining: number;
}

/** The injected faults: each rule matches a route (or all), for its next N requests or at a rate. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(
    private readonly random: () => number,
    private readonly routes: readonly string[],
    initial: readonly FaultRule[] = [],
  ) {
    for (const r of initial) this.add(r);
  }

  /** Adds a rule after checking it (`FaultRuleError` names the field at fault); accepts the JSON shorthand `"fault": "reset"`. */
  add(input: FaultRule | unknown): void {
    const rule = parseFaultRule(input, this.routes);
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /**
   * The fault for one request to `route` (`cbr.restoreBackup`): the first rule, in the order
   * they were added, that matches the route and fires (by count or rate). Rules queue up: two
   * `times: 1` rules affect two successive requests.
   */
  draw(route: string): Fault[] {
    for (const active of this.rules) {
      const { rule } = active;
      if ((rule.route ?? "*") !== "*" && rule.route !== route) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      active.remaining--;
      this.rules = this.rules.filter((r) => r.remaining > 0);
      return [rule.fault];
    }
    return [];
  }
}
