// Import and export of the lists as CSV, without Nest: the admin API and the CLI call the same code.

import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { csvViewOf, CsvRuleView, formatRuleFile, LineError, parseRuleFile, RuleLookups } from './rule-csv';
import { diffRules, ImportPlan } from './rule-import-diff';
import { ResponsibilityRule } from './responsibility-rule.entity';
import { draftOf, insertRule, loadLookups, loadRules, storedOf, updateRule } from './rule-store';

export interface ImportReport {
  committed: boolean;
  /** sha256 of the file, also in the audit row, to tell which file was imported. */
  fileSha256: string;
  summary: {
    rules: number;
    adds: number;
    changes: number;
    removals: number;
    unchanged: number;
    conflicts: number;
    errors: number;
  };
  adds: { line: number; rule: CsvRuleView }[];
  changes: { line: number; ruleId: number; fields: string[]; before: CsvRuleView; after: CsvRuleView }[];
  removals: { ruleId: number; rule: CsvRuleView }[];
  conflicts: { lines: [number, number]; rule: CsvRuleView }[];
  errors: LineError[];
}

function reportOf(
  plan: ImportPlan,
  errors: LineError[],
  ruleCount: number,
  lookups: RuleLookups,
  fileSha256: string,
  viewOfLine: Map<number, CsvRuleView>,
): ImportReport {
  return {
    committed: false,
    fileSha256,
    summary: {
      rules: ruleCount,
      adds: plan.adds.length,
      changes: plan.changes.length,
      removals: plan.removals.length,
      unchanged: plan.unchanged,
      conflicts: plan.conflicts.length,
      errors: errors.length,
    },
    adds: plan.adds.map((a) => ({ line: a.line, rule: csvViewOf(a.draft, lookups) })),
    changes: plan.changes.map((c) => ({
      line: c.line,
      ruleId: c.rule.id,
      fields: c.fields,
      before: csvViewOf(c.rule, lookups),
      after: csvViewOf(c.next, lookups),
    })),
    removals: plan.removals.map((r) => ({ ruleId: r.id, rule: csvViewOf(r, lookups) })),
    conflicts: plan.conflicts.map((c) => ({ lines: c.lines, rule: viewOfLine.get(c.lines[0]) as CsvRuleView })),
    errors,
  };
}

async function planImport(
  manager: EntityManager,
  csv: string,
  lock: boolean,
): Promise<{ report: ImportReport; plan: ImportPlan; entities: Map<number, ResponsibilityRule> }> {
  const lookups = await loadLookups(manager);
  const { rules, errors } = parseRuleFile(csv, lookups);
  // locking every rule row (and the gaps) holds off concurrent API writes until this import commits
  const entities = await loadRules(manager, { lock });
  const plan = diffRules(entities.map(storedOf), rules);
  const viewOfLine = new Map(rules.map((r) => [r.line, csvViewOf(r.draft, lookups)]));
  const sha = createHash('sha256').update(csv).digest('hex');
  return {
    report: reportOf(plan, errors, rules.length, lookups, sha, viewOfLine),
    plan,
    entities: new Map(entities.map((e) => [e.id, e])),
  };
}

/**
 * Dry run (commit false): the report, nothing written. Commit: all of it in one transaction, each
 * touched rule versioned with kind `import` and one audit row, or nothing at all when any line is
 * bad or any conflict remains (the report then has committed: false).
 */
export async function importRules(
  dataSource: DataSource,
  audit: Pick<AuditService, 'record'>,
  csv: string,
  options: { commit: boolean; actor: Actor },
): Promise<ImportReport> {
  if (!options.commit) return (await planImport(dataSource.manager, csv, false)).report;
  return dataSource.transaction(async (manager) => {
    const { report, plan, entities } = await planImport(manager, csv, true);
    const entity = (id: number): ResponsibilityRule => entities.get(id) as ResponsibilityRule;
    if (report.errors.length > 0 || report.conflicts.length > 0) return report;
    const userId = options.actor.userId;
    const added: number[] = [];
    for (const add of plan.adds) added.push((await insertRule(manager, add.draft, 'import', userId)).id);
    for (const change of plan.changes) await updateRule(manager, entity(change.rule.id), change.next, 'import', userId);
    for (const removal of plan.removals) {
      await updateRule(
        manager,
        entity(removal.id),
        { ...draftOf(entity(removal.id)), active: false },
        'import',
        userId,
      );
    }
    await audit.record(manager, {
      actorUserId: userId,
      requestId: options.actor.requestId,
      action: 'import',
      entityType: 'rule',
      entityId: `import-${report.fileSha256.slice(0, 16)}`,
      after: {
        fileSha256: report.fileSha256,
        summary: report.summary,
        addedRuleIds: added,
        changedRuleIds: plan.changes.map((c) => c.rule.id),
        deactivatedRuleIds: plan.removals.map((r) => r.id),
      },
    });
    return { ...report, committed: true };
  });
}

/** The lists in force (active rules) as CSV; importing the result again changes nothing. */
export async function exportRules(manager: EntityManager): Promise<string> {
  const lookups = await loadLookups(manager);
  const rules = (await loadRules(manager)).filter((r) => r.active);
  return formatRuleFile(rules.map(draftOf), lookups);
}
