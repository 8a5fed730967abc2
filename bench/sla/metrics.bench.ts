/**
 * `npx tsx bench/sla/metrics.bench.ts [--tickets 5000000] [--months 36] [--runs 100] [--keep]`
 *
 * The supervisor's unit metrics on a county's worth of history: recreates the database
 * `hotline_bench_sla` (BENCH_DB_NAME; it must contain "bench"), applies the migrations, seeds the demo
 * county (≈460 units), generates N tickets and their SLA records in SQL (INSERT … SELECT over a
 * numbers table, 200,000 rows a statement: no data crosses the wire), spread evenly over the last
 * M months, then runs the board's metrics for every unit over one month R times and prints p50 / p99
 * (the service's own code: both aggregates, the units, the subtree roll-up). `--keep` reuses a
 * database already generated with the same N and M. Ends with one JSON line.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { loadConfig, loadEnvFile } from '../../src/config/env.schema';
import { openDataSource, runMigrations } from '../../src/database/migrations';
import { seedDemo } from '../../src/seed/demo-seed';
import { Clock } from '../../src/sla/clock';
import { SlaMetricsService } from '../../src/sla/sla-metrics.service';
import { periodOf } from '../../src/sla/sla-period';
import { rebuildUnitDays } from '../../src/sla/sla-rollup';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const TICKETS = arg('tickets', 5_000_000);
const MONTHS = arg('months', 36);
const RUNS = arg('runs', 100);
const KEEP = process.argv.includes('--keep');
// 200k rows a statement: the derived rows of a bigger one spill to an on-disk temporary table
const CHUNK = 200_000;
/** The history ends here; the measured month is the last whole one, October 2026. */
const END = new Date('2026-10-31T16:00:00Z'); // 2026-11-01 00:00 Shanghai
const NOW = new Date('2026-10-31T12:00:00Z');

const log = (line: string): void => console.error(`[sla bench] ${line}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  log(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function prepare(ds: DataSource, start: Date): Promise<void> {
  await ds.query('DROP TABLE IF EXISTS bench_seq, bench_units');
  await ds.query('CREATE TABLE bench_seq (n INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB');
  await ds.query(
    'INSERT INTO bench_seq (n) WITH RECURSIVE s (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 999) SELECT n FROM s',
  );
  await ds.query(
    'CREATE TABLE bench_units (idx INT UNSIGNED NOT NULL PRIMARY KEY, id INT UNSIGNED NOT NULL) ENGINE=InnoDB',
  );
  await ds.query(
    "INSERT INTO bench_units (idx, id) SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id FROM units WHERE kind <> 'centre'",
  );
  const [{ units }] = (await ds.query('SELECT COUNT(*) AS units FROM bench_units')) as { units: string }[];
  await ds.query('SET @units = ?, @n = ?, @start = ?, @span = ?, @now = ?', [
    Number(units),
    TICKETS,
    start,
    Math.floor((END.getTime() - start.getTime()) / 1000),
    NOW,
  ]);
  log(`${units} handling units; ${TICKETS} tickets from ${start.toISOString()} to ${END.toISOString()}`);
}

/**
 * One row per ticket number n of [from, to): its dispatch instant t0 spread evenly over the span, a
 * unit, pseudo-random draws r1..r5 in [0, 1000), and its age at NOW, from which the outcomes follow:
 * 3 % returned, 90 % accepted in 30 min (else 30 h, late), 85 % contacted in 3 h (else 30 h), 80 %
 * replied in 3 days (else 9, past the 7-day clock), 8 % reopened once, 85 % solved, 88 % satisfied;
 * tickets of the last 10 days are still open at various stages.
 */
const DRAWS = `
  SELECT x.n, u.id AS unit_id,
    TIMESTAMPADD(SECOND, FLOOR(x.n * @span / @n), @start) AS t0,
    MOD(x.n * 7919, 1000) AS r1, MOD(x.n * 104729, 1000) AS r2, MOD(x.n * 1299709, 1000) AS r3,
    MOD(x.n * 15485863, 1000) AS r4, MOD(x.n * 32452843, 1000) AS r5
  FROM (SELECT ? + a.n * 1000 + b.n AS n FROM bench_seq a CROSS JOIN bench_seq b
        WHERE a.n < ? AND ? + a.n * 1000 + b.n < ?) x
  JOIN bench_units u ON u.idx = MOD(x.n * 31 + FLOOR(x.n / 97), @units)`;

const OUTCOMES = `
  SELECT d.*,
    d.r1 < 30 AS returned,
    TIMESTAMPDIFF(SECOND, d.t0, @now) / 86400 AS age,
    TIMESTAMPADD(MINUTE, IF(d.r2 < 900, 30, 1800), d.t0) AS accepted,
    TIMESTAMPADD(MINUTE, IF(d.r3 < 850, 180, 1800), d.t0) AS contacted,
    TIMESTAMPADD(HOUR, IF(d.r4 < 800, 72, 216), d.t0) AS replied,
    1 + (d.r5 < 80) AS callbacks
  FROM (${DRAWS}) d`;

async function generate(ds: DataSource): Promise<void> {
  // the unique ticket numbers are generated unique: let InnoDB buffer that index's changes
  await ds.query('SET SESSION unique_checks = 0');
  for (let from = 0; from < TICKETS; from += CHUNK) {
    const to = Math.min(TICKETS, from + CHUNK);
    const range = [from, CHUNK / 1000, from, to];
    await timed(`tickets ${from}–${to}`, () =>
      ds.query(
        `INSERT INTO tickets (id, number, channel, source_line, description, urgency, appeal_type, status,
           primary_unit_id, dispatched_at, accepted_at, first_contact_at, replied_at, closed_at, accept_due_at,
           first_contact_due_at, resolution_due_at, next_deadline_at, sla_policy_version, version, created_at, updated_at)
         SELECT o.n + 1, CONCAT('B', LPAD(o.n, 12, '0')), 'phone', '12345', '压测工单', 'normal', 'complaint',
           CASE WHEN o.returned THEN 'pending_dispatch' WHEN o.age >= 10 THEN 'closed' WHEN o.age < 1 THEN 'assigned'
                WHEN o.age < 5 THEN 'accepted' ELSE 'pending_callback' END,
           IF(o.returned, NULL, o.unit_id), IF(o.returned, NULL, o.t0),
           IF(o.returned OR o.age < 1, NULL, o.accepted), IF(o.returned OR o.age < 1, NULL, o.contacted),
           IF(o.returned OR o.age < 5, NULL, o.replied), IF(o.age >= 10 AND NOT o.returned, TIMESTAMPADD(DAY, 10, o.t0), NULL),
           TIMESTAMPADD(DAY, 1, o.t0), TIMESTAMPADD(DAY, 1, o.t0), TIMESTAMPADD(DAY, 7, o.t0),
           CASE WHEN o.returned OR o.age >= 10 THEN NULL WHEN o.age < 1 THEN TIMESTAMPADD(DAY, 1, o.t0)
                WHEN o.age < 5 THEN TIMESTAMPADD(DAY, 7, o.t0) ELSE TIMESTAMPADD(DAY, 8, o.t0) END,
           0, 1, TIMESTAMPADD(MINUTE, -10, o.t0), o.t0
         FROM (${OUTCOMES}) o`,
        range,
      ),
    );
    await timed(`sla records ${from}–${to}`, () =>
      ds.query(
        `INSERT INTO sla_assignments (ticket_id, unit_id, policy_version, clocks, dispatched_at, accept_started_at,
           accept_due_at, accepted_at, first_contact_due_at, first_contact_at, resolution_started_at, resolution_due_at,
           replied_at, first_replied_at, callbacks, callbacks_solved, callbacks_satisfied, reopens, returned, ended_at,
           next_deadline_at, next_warning_at)
         SELECT o.n + 1, o.unit_id, 0,
           '{"accept":{"amount":1,"unit":"working_days"},"firstContact":{"amount":24,"unit":"hours"},"resolution":{"amount":5,"unit":"working_days"},"callback":{"amount":1,"unit":"working_days"}}',
           o.t0, o.t0, TIMESTAMPADD(DAY, 1, o.t0),
           IF(o.returned OR o.age < 1, NULL, o.accepted), TIMESTAMPADD(DAY, 1, o.t0),
           IF(o.returned OR o.age < 1, NULL, o.contacted), o.t0, TIMESTAMPADD(DAY, 7, o.t0),
           IF(o.returned OR o.age < 5, NULL, o.replied), IF(o.returned OR o.age < 5, NULL, o.replied),
           IF(o.returned OR o.age < 10, 0, o.callbacks), IF(o.returned OR o.age < 10, 0, o.callbacks - (o.r5 < 150)),
           IF(o.returned OR o.age < 10, 0, o.callbacks - (o.r5 < 120)), IF(o.returned OR o.age < 10, 0, o.callbacks - 1),
           o.returned, IF(o.returned, TIMESTAMPADD(HOUR, 2, o.t0), IF(o.age >= 10, TIMESTAMPADD(DAY, 10, o.t0), NULL)),
           CASE WHEN o.returned OR o.age >= 5 THEN NULL WHEN o.age < 1 THEN TIMESTAMPADD(DAY, 1, o.t0)
                ELSE TIMESTAMPADD(DAY, 7, o.t0) END,
           CASE WHEN o.returned OR o.age >= 5 THEN NULL WHEN o.age < 1 THEN TIMESTAMPADD(HOUR, 18, o.t0)
                ELSE TIMESTAMPADD(HOUR, 126, o.t0) END
         FROM (${OUTCOMES}) o`,
        range,
      ),
    );
  }
  await ds.query('DROP TABLE bench_seq, bench_units');
  await timed('per-day totals (sla_unit_days)', () => rebuildUnitDays(ds, new Date(0), END));
  await timed('ANALYZE', () => ds.query('ANALYZE TABLE tickets, sla_assignments, sla_unit_days'));
}

async function main(): Promise<void> {
  loadEnvFile();
  process.env.DB_NAME = process.env.BENCH_DB_NAME ?? 'hotline_bench_sla';
  if (!/bench/.test(process.env.DB_NAME)) throw new Error('BENCH_DB_NAME must contain "bench": the bench drops it');
  const config = loadConfig();
  const start = new Date(END);
  start.setUTCMonth(start.getUTCMonth() - MONTHS);
  let ds = await openDataSource(config, { create: true });
  const [{ n } = { n: 0 }] = (await ds.query('SELECT COUNT(*) AS n FROM sla_assignments').catch(() => [{ n: 0 }])) as {
    n: number;
  }[];
  if (!KEEP || Number(n) !== TICKETS) {
    await ds.query(`DROP DATABASE \`${config.DB_NAME}\``);
    await ds.destroy();
    ds = await openDataSource(config, { create: true });
    const began = performance.now();
    await timed('migrations', () => runMigrations(ds));
    await timed('demo county', () => seedDemo(ds, { password: 'Bench@12345678' }));
    await prepare(ds, start);
    await generate(ds);
    log(`generated in ${((performance.now() - began) / 60_000).toFixed(1)} min`);
  }

  const metrics = new SlaMetricsService(ds, { now: () => NOW } as Clock);
  const period = periodOf('2026-10-01', '2026-10-31', NOW);
  const [{ inMonth }] = (await ds.query(
    'SELECT COUNT(*) AS inMonth FROM sla_assignments WHERE dispatched_at >= ? AND dispatched_at < ?',
    [period.from, period.to],
  )) as { inMonth: string }[];
  await metrics.unitFigures(period, { kind: 'all' }, NOW); // warm-up: the first run reads the index from disk
  const samples: number[] = [];
  let units = 0;
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    units = (await metrics.unitFigures(period, { kind: 'all' }, NOW)).length;
    samples.push(performance.now() - began);
  }
  samples.sort((a, b) => a - b);
  const result = {
    bench: 'sla-metrics',
    tickets: TICKETS,
    months: MONTHS,
    recordsInMonth: Number(inMonth),
    unitsReported: units,
    runs: RUNS,
    p50Ms: Math.round(percentile(samples, 50) * 10) / 10,
    p99Ms: Math.round(percentile(samples, 99) * 10) / 10,
    maxMs: Math.round(samples[samples.length - 1]! * 10) / 10,
  };
  await ds.destroy();
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
