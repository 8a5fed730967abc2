// The human-readable explanation of a resolution, for the dispatcher console and the API.

import type { Resolution, RuleSummary } from './rule-resolver';

function describeRule(rule: RuleSummary): string {
  return `rule #${rule.id} (${rule.categoryCode} in ${rule.areaCode ?? 'the whole county'}, priority ${rule.priority})`;
}

export function explain(result: Resolution, categoryCode: string, areaName: string): string[] {
  if (result.conflict) {
    const ids = result.conflict.rules.map((r) => `#${r.id}`).join(', ');
    return [
      `Rules ${ids} tie: same category, area and priority, all valid now. No unit is chosen until an admin resolves the tie; the ticket waits in the dispatch pool.`,
    ];
  }
  if (!result.rule || !result.unit) {
    return [`No rule in force covers ${categoryCode} in ${areaName}: the ticket waits in the dispatch pool.`];
  }
  const lines = [`${describeRule(result.rule)} wins: the most specific rule in force.`];
  const t = result.territorial;
  if (t) {
    const say = `the ${t.resolvedLevel.replace('_', ' ')} serving ${t.servedArea.name}`;
    if (t.fallback === 'area above level')
      lines.push(
        `The rule names the ${t.level.replace('_', ' ')} level, but the ticket's area is known only down to ${t.servedArea.name}: it goes to ${say}.`,
      );
    else if (t.fallback === 'no unit at level')
      lines.push(`No active ${t.level.replace('_', ' ')} unit serves the place: it goes to ${say}.`);
    else lines.push(`Territorial matter: ${say}.`);
  }
  const lost = result.candidates.filter((c) => c.outcome === 'lost').length;
  if (lost > 0) lines.push(`${lost} other rule(s) lost; see candidates for why.`);
  return lines;
}
