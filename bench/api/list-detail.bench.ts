/**
 * `npm run bench:api`: the ticket list and detail APIs over a million tickets.
 *
 * Builds a database of its own (migrations, demo seed), bulk-fills it with set-based SQL (fill.ts),
 * starts the compiled api process and measures, for the demo roles (agent, dispatcher, supervisor:
 * centre scope; the clerk of the busiest unit: unit scope), GET /api/tickets with the filters the
 * consoles use and GET /api/tickets/:id for random ids, each scenario a fixed number of requests at a
 * fixed concurrency. Ends with one JSON line of the p99s.
 *
 * Options: --tickets N (1000000) --concurrency C (8) --requests R per scenario (300) --port P (3320);
 * --max-seconds S stops a scenario early (with the requests done so far) once it has run S seconds (120);
 * --reuse keeps a database already filled with N tickets (runs pending migrations only: no drop, seed or fill).
 * Env: BENCH_API_DB_NAME (hotline_bench_api).
 */
import { createConnection } from 'mysql2/promise';
import {
  arg,
  benchEnv,
  cli,
  cpuMs,
  percentile,
  Proc,
  serverPids,
  startProcess,
  stopProcess,
  waitHealthy,
} from '../pipeline/bench-env';
import { fillTickets } from './fill';

const N = arg('tickets', 1_000_000);
const C = arg('concurrency', 8);
const REQUESTS = arg('requests', 300);
const PORT = arg('port', 3320);
const MAX_SECONDS = arg('max-seconds', 120);
const REUSE = process.argv.includes('--reuse');
const PASSWORD = 'Bench@12345678';
const OPEN_STATUSES = ['new', 'pending_dispatch', 'assigned', 'accepted', 'suspended', 'replied', 'pending_callback'];

interface Scenario {
  name: string;
  kind: 'list' | 'detail';
  token: string;
  /** The path of request i. */
  path: (i: number) => string;
}

interface Result {
  name: string;
  kind: 'list' | 'detail';
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rows: number;
  requests: number;
  /** CPU the api process and the database server spent a request (null when not measurable here). */
  apiCpuMs: number | null;
  mysqlCpuMs: number | null;
}

function cursorOf(id: number): string {
  return Buffer.from(JSON.stringify({ id })).toString('base64url');
}

async function login(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function run(base: string, s: Scenario, requests = REQUESTS): Promise<Omit<Result, 'apiCpuMs' | 'mysqlCpuMs'>> {
  const times: number[] = [];
  let rows = 0;
  let next = 0;
  const deadline = performance.now() + MAX_SECONDS * 1000;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < requests && performance.now() < deadline; i = next++) {
      const t0 = performance.now();
      const response = await fetch(`${base}${s.path(i)}`, { headers: { authorization: `Bearer ${s.token}` } });
      const body = (await response.json()) as { items?: unknown[] };
      times.push(performance.now() - t0);
      if (!response.ok) throw new Error(`${s.name} ${s.path(i)}: ${response.status} ${JSON.stringify(body)}`);
      rows += body.items?.length ?? 1;
    }
  };
  await Promise.all(Array.from({ length: C }, worker));
  times.sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 10) / 10;
  return {
    name: s.name,
    kind: s.kind,
    p50: r(percentile(times, 50)),
    p95: r(percentile(times, 95)),
    p99: r(percentile(times, 99)),
    max: r(times[times.length - 1]!),
    rows: Math.round(rows / Math.max(1, times.length)),
    requests: times.length,
  };
}

async function clearRedis(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url);
  const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
  for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  await redis.quit();
}

async function main(): Promise<void> {
  const env = benchEnv({
    DB_NAME: process.env.BENCH_API_DB_NAME ?? 'hotline_bench_api',
    REDIS_PREFIX: 'hotline-bench-api',
    DEMO_PASSWORD: PASSWORD,
  });
  const server = {
    host: env.DB_HOST ?? '127.0.0.1',
    port: Number(env.DB_PORT ?? 3306),
    user: env.DB_USER ?? 'root',
    password: env.DB_PASSWORD ?? '',
  };
  let fill: Awaited<ReturnType<typeof fillTickets>> | null = null;
  if (!REUSE) {
    console.log(`Preparing database ${env.DB_NAME} (dropped, migrated, seeded)...`);
    const admin = await createConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${env.DB_NAME}\``);
    await admin.end();
    await clearRedis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.REDIS_PREFIX!);
    cli(['migration:run'], env);
    cli(['seed:demo', '--no-classifier'], env);
  } else cli(['migration:run'], env); // a reused database still gets the schema of this checkout
  const db = await createConnection({ ...server, database: env.DB_NAME, multipleStatements: false });
  if (!REUSE) {
    console.log(`Filling ${N} tickets...`);
    fill = await fillTickets(db, N);
    console.log(`Filled in ${fill.seconds} s: ${JSON.stringify(fill)}`);
  }

  // the busiest unit with a clerk login (unit scope), and ids for the detail requests
  const [[busy]] = (await db.query(
    `SELECT u.username, u.unit_id AS unitId, n.path FROM users u JOIN units n ON n.id = u.unit_id
      WHERE FIND_IN_SET('clerk', u.roles) > 0
      ORDER BY (SELECT COUNT(*) FROM tickets t WHERE t.primary_unit_id = u.unit_id) DESC LIMIT 1`,
  )) as unknown as [{ username: string; unitId: number; path: string }[]];
  const [[dept]] = (await db.query(
    `SELECT primary_unit_id AS id FROM tickets WHERE primary_unit_id IS NOT NULL
      GROUP BY primary_unit_id ORDER BY COUNT(*) DESC LIMIT 1`,
  )) as unknown as [{ id: number }[]];
  const [[maxRow]] = (await db.query('SELECT MAX(id) AS maxId FROM tickets')) as unknown as [{ maxId: number }[]];
  const maxId = Number(maxRow!.maxId);
  const [clerkRows] = (await db.query(
    `SELECT tu.ticket_id AS id FROM ticket_units tu WHERE tu.unit_path LIKE CONCAT(?, '%') ORDER BY RAND() LIMIT ${REQUESTS}`,
    [busy!.path],
  )) as unknown as [{ id: number }[]];
  const clerkIds = clerkRows.map((r) => Number(r.id));
  const [[area]] = (await db.query(
    "SELECT a.id FROM areas a WHERE a.level = 'township' ORDER BY a.id LIMIT 1",
  )) as unknown as [{ id: number }[]];
  const [[category]] = (await db.query(
    'SELECT id FROM categories WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  )) as unknown as [{ id: number }[]];
  const [[numbered]] = (await db.query(
    `SELECT number, caller_phone AS callerPhone FROM tickets WHERE id <= ? AND caller_phone IS NOT NULL ORDER BY id DESC LIMIT 1`,
    [Math.max(1, maxId - 12345)],
  )) as unknown as [{ number: string; callerPhone: string }[]];
  await db.end();
  console.log(
    `clerk ${busy!.username} (unit ${busy!.unitId}), busiest primary unit ${dept!.id}, township area ${area!.id}, top category ${category!.id}`,
  );

  const api: Proc = startProcess('api1', 'api', { ...env, PORT: String(PORT) });
  const results: Result[] = [];
  try {
    const base = `http://127.0.0.1:${PORT}`;
    await waitHealthy(base);
    const agent = await login(base, 'agent');
    const dispatcher = await login(base, 'dispatcher');
    const supervisor = await login(base, 'supervisor');
    const clerk = await login(base, busy!.username);
    // deterministic pseudo-random ids: request i of a scenario always reads the same ticket
    const randomId = (i: number, salt: number): number => 1 + ((i * 2_654_435_761 + salt * 97) % maxId);
    const deep = (i: number): string => cursorOf(randomId(i, 7));
    const list = (name: string, token: string, query: string | ((i: number) => string)): Scenario => ({
      name,
      kind: 'list',
      token,
      path: (i) => `/api/tickets?${typeof query === 'string' ? query : query(i)}`,
    });
    const scenarios: Scenario[] = [
      list('default', agent, 'limit=100'),
      list('default-next-page', agent, (i) => `limit=100&cursor=${deep(i)}`),
      list('mine', agent, 'mine=true&limit=200'),
      list('pending-callback', agent, 'status=pending_callback&limit=200'),
      list('pending-dispatch', dispatcher, 'status=pending_dispatch&limit=200'),
      list('assigned', dispatcher, 'status=assigned&limit=200'),
      list('pending-return', dispatcher, 'pendingRequest=return&limit=200'),
      list('open-statuses', supervisor, `status=${OPEN_STATUSES.join(',')}&limit=200`),
      list('open-next-page', supervisor, (i) => `status=${OPEN_STATUSES.join(',')}&limit=200&cursor=${deep(i)}`),
      list('overdue', supervisor, 'overdue=true&limit=200'),
      list('replied', supervisor, 'status=replied&limit=200'),
      list('closed-next-page', supervisor, (i) => `status=closed&limit=100&cursor=${deep(i)}`),
      list('area', supervisor, `areaId=${area!.id}&limit=100`),
      list('category', supervisor, `categoryId=${category!.id}&limit=100`),
      list('unit', supervisor, `unitId=${dept!.id}&limit=100`),
      list('keyword', supervisor, `q=${encodeURIComponent('噪音')}&limit=200`),
      list('number', supervisor, `number=${numbered!.number}`),
      list('caller-phone', agent, `callerPhone=${numbered!.callerPhone}&limit=100`),
      list('clerk-default', clerk, 'limit=100'),
      list('clerk-working', clerk, 'status=assigned,accepted,suspended&limit=200'),
      list('clerk-done', clerk, 'status=replied,pending_callback,closed&limit=200'),
      list('clerk-next-page', clerk, (i) => `limit=100&cursor=${deep(i)}`),
      { name: 'detail', kind: 'detail', token: agent, path: (i) => `/api/tickets/${randomId(i, 1)}` },
      {
        name: 'detail-clerk',
        kind: 'detail',
        token: clerk,
        path: (i) => `/api/tickets/${clerkIds[i % clerkIds.length]}`,
      },
    ];
    // warm-up: JIT, pools, the api's caches
    for (const s of scenarios) await run(base, s, Math.min(REQUESTS, 4 * C));
    const mysqlPid = serverPids().mysql;
    const perRequest = (before: number | null, after: number | null, requests: number): number | null =>
      before === null || after === null ? null : Math.round(((after - before) / requests) * 100) / 100;
    for (const s of scenarios) {
      const cpuBefore = { api: cpuMs(api.child.pid), mysql: cpuMs(mysqlPid) };
      const measured = await run(base, s);
      const r: Result = {
        ...measured,
        apiCpuMs: perRequest(cpuBefore.api, cpuMs(api.child.pid), measured.requests),
        mysqlCpuMs: perRequest(cpuBefore.mysql, cpuMs(mysqlPid), measured.requests),
      };
      results.push(r);
      console.log(
        `${r.kind.padEnd(6)} ${r.name.padEnd(18)} p50 ${String(r.p50).padStart(7)} ms  p95 ${String(r.p95).padStart(7)} ms  p99 ${String(r.p99).padStart(7)} ms  max ${String(r.max).padStart(7)} ms  rows ${String(r.rows).padStart(3)}  CPU a request: api ${r.apiCpuMs ?? '?'} ms, mysql ${r.mysqlCpuMs ?? '?'} ms${r.requests < REQUESTS ? `  (stopped after ${r.requests} requests)` : ''}`,
      );
    }
  } catch (error) {
    console.error(api.log());
    throw error;
  } finally {
    await stopProcess(api);
  }
  const byKind = (kind: 'list' | 'detail'): Record<string, number> =>
    Object.fromEntries(results.filter((r) => r.kind === kind).map((r) => [r.name, r.p99]));
  console.log(
    JSON.stringify({
      tickets: N,
      concurrency: C,
      requests: REQUESTS,
      fillSeconds: fill?.seconds ?? null,
      list: byKind('list'),
      detail: byKind('detail'),
      p50: Object.fromEntries(results.map((r) => [r.name, r.p50])),
      maxP99Ms: Math.max(...results.map((r) => r.p99)),
      cpuMsPerRequest: {
        api: Object.fromEntries(results.map((r) => [r.name, r.apiCpuMs])),
        mysql: Object.fromEntries(results.map((r) => [r.name, r.mysqlCpuMs])),
      },
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
