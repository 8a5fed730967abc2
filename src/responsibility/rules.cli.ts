// CLI: rules:import --file <csv> [--commit] and rules:export --file <csv>, without Nest.
// src/cli.ts imports this file after registerCommand and its command table exist (the import stays
// below them there: this file calls registerCommand while cli.ts is still loading).

import { readFileSync, writeFileSync } from 'node:fs';
import { AuditService } from '../audit/audit.service';
import { publishInvalidation } from '../redis/cache-invalidation.service';
import { CliError, registerCommand } from '../cli';
import { loadConfig } from '../config/env.schema';
import { openDataSource } from '../database/migrations';
import { exportRules, importRules, ImportReport } from './rule-import';

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function view(rule: { categoryCode: string; areaCode: string | null; target: string; priority: number }): string {
  return `${rule.categoryCode} @ ${rule.areaCode ?? '(everywhere)'} → ${rule.target} (priority ${rule.priority})`;
}

export function printReport(report: ImportReport, commit: boolean, log: (line: string) => void = console.log): void {
  const s = report.summary;
  for (const e of report.errors)
    log(`error    line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.code} ${e.message}`);
  for (const c of report.conflicts) log(`conflict lines ${c.lines[0]} and ${c.lines[1]}: ${view(c.rule)}`);
  for (const a of report.adds) log(`add      line ${a.line}: ${view(a.rule)}`);
  for (const c of report.changes)
    log(`change   line ${c.line}: rule #${c.ruleId} ${c.fields.join(', ')}: ${view(c.after)}`);
  for (const r of report.removals) log(`remove   rule #${r.ruleId}: ${view(r.rule)}`);
  log(
    `${s.rules} rule(s) in the file: ${s.adds} to add, ${s.changes} to change, ${s.removals} to deactivate, ` +
      `${s.unchanged} unchanged, ${s.conflicts} conflict(s), ${s.errors} invalid line(s).`,
  );
  if (report.committed) log('Committed.');
  else if (commit) log('Nothing was written: fix the lines above and run again.');
  else log('Dry run: nothing was written. Add --commit to apply.');
}

registerCommand(
  'rules:import',
  '--file <csv> [--commit]: diff the responsibility lists against a CSV; --commit applies it',
  async (argv) => {
    const file = option(argv, '--file');
    if (!file) throw new CliError('usage: rules:import --file <csv> [--commit]');
    const commit = argv.includes('--commit');
    const config = loadConfig();
    const csv = readFileSync(file, 'utf8');
    const dataSource = await openDataSource(config);
    try {
      const report = await importRules(dataSource, new AuditService(dataSource), csv, {
        commit,
        actor: { userId: null, requestId: null },
      });
      printReport(report, commit);
      if (commit && !report.committed) throw new CliError('import refused', 1);
      if (report.committed) {
        // running processes reload their index now; if Redis is down they do within their 60 s TTL
        await publishInvalidation(config, 'rules').catch((e: Error) =>
          console.warn(`Could not tell running processes (${e.message}); they reload within 60 s.`),
        );
      }
    } finally {
      await dataSource.destroy();
    }
  },
);

registerCommand('rules:export', '--file <csv>: write the active responsibility rules as CSV', async (argv) => {
  const file = option(argv, '--file');
  if (!file) throw new CliError('usage: rules:export --file <csv>');
  const dataSource = await openDataSource(loadConfig());
  try {
    const csv = await exportRules(dataSource.manager);
    writeFileSync(file, csv, 'utf8');
    console.log(`Wrote ${csv.split('\r\n').length - 2} rule(s) to ${file}.`);
  } finally {
    await dataSource.destroy();
  }
});
