/**
 * `npm run bench`: the whole pipeline against the machine's own ceiling.
 *
 * Starts the compiled app as separate processes (api and worker roles) on a database of its own,
 * connects clerk consoles (socket.io) to their unit rooms, drives tickets through the real HTTP
 * intake (create + submit in one request, as an agent does), and measures each ticket from the
 * start of its intake request to the `ticket.assigned` push reaching a console of its unit. In the
 * same run it measures plain mysql2 transactions writing an equivalent ticket row and event row.
 *
 * Options: --tickets N (2000) --concurrency C (32) --rate R tickets/s for the fixed-rate phase (200)
 * --duration S of that phase (15) --consoles K (200) --api P api processes (1) --workers W (1)
 * --sockets S keep-alive HTTP connections per api process (64) --warmup W tickets before the
 * throughput phase, at its concurrency and not measured (500).
 * Ends with one JSON line.
 */
import { Agent, request as httpRequest } from 'node:http';
import { io, Socket } from 'socket.io-client';
import {
  arg,
  benchEnv,
  cli,
  cpuMs,
  percentile,
  Proc,
  rssMb,
  serverPids,
  startProcess,
  stopProcess,
  waitHealthy,
} from './bench-env';
import { rawTransactionsPerSecond } from './raw-ceiling';

const N = arg('tickets', 2000);
const C = arg('concurrency', 32);
const RATE = arg('rate', 200);
const DURATION_S = arg('duration', 15);
const CONSOLES = arg('consoles', 200);
const WARMUP = arg('warmup', 500);
const API_PROCESSES = arg('api', 1);
const WORKERS = arg('workers', 1);
const BASE_PORT = arg('port', 3310);
const PASSWORD = 'Bench@12345678';

interface Target {
  categoryId: number;
  areaId: number;
  unitId: number;
}

/**
 * Requests go over a bounded pool of keep-alive connections, as a CTI gateway or a reverse proxy
 * would hold them: above capacity, the fixed-rate phase queues its tickets here (their latency counts
 * from when they were due) instead of opening sockets without limit until the api's backlog overflows.
 */
const httpAgent = new Agent({ keepAlive: true, maxSockets: arg('sockets', 64) });

function request<T>(base: string, path: string, method: 'GET' | 'POST', body?: unknown, token?: string): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent: httpAgent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) reject(new Error(`${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const post = <T>(base: string, path: string, body: unknown, token?: string): Promise<T> =>
  request<T>(base, path, 'POST', body, token);
const get = <T>(base: string, path: string, token: string): Promise<T> =>
  request<T>(base, path, 'GET', undefined, token);

async function main(): Promise<void> {
  const env = benchEnv({ DEMO_PASSWORD: PASSWORD });
  console.log(`Preparing database ${env.DB_NAME} (dropped and seeded)...`);
  const { createConnection } = await import('mysql2/promise');
  const admin = await createConnection({
    host: env.DB_HOST ?? '127.0.0.1',
    port: Number(env.DB_PORT ?? 3306),
    user: env.DB_USER ?? 'root',
    password: env.DB_PASSWORD ?? '',
  });
  await admin.query(`DROP DATABASE IF EXISTS \`${env.DB_NAME}\``);
  await admin.end();
  await clearRedisPrefix(env);
  cli(['migration:run'], env);
  // with the demo classifier: every ticket goes through the model, as in a centre that trained one
  cli(['seed:demo'], env);

  const procs: Proc[] = [];
  const apiBases: string[] = [];
  for (let i = 0; i < API_PROCESSES; i++) {
    const port = BASE_PORT + i;
    procs.push(startProcess(`api${i + 1}`, 'api', { ...env, PORT: String(port) }));
    apiBases.push(`http://127.0.0.1:${port}`);
  }
  for (let i = 0; i < WORKERS; i++) procs.push(startProcess(`worker${i + 1}`, 'worker', env));
  const sockets: Socket[] = [];
  try {
    await Promise.all(apiBases.map((b) => waitHealthy(b)));
    const base = apiBases[0]!;
    const agent = (
      await post<{ accessToken: string }>(base, '/api/auth/login', { username: 'agent', password: PASSWORD })
    ).accessToken;

    // consoles: every clerk login of the demo county, spread over the api processes
    const { createConnection: connect } = await import('mysql2/promise');
    const db = await connect({
      host: env.DB_HOST ?? '127.0.0.1',
      port: Number(env.DB_PORT ?? 3306),
      user: env.DB_USER ?? 'root',
      password: env.DB_PASSWORD ?? '',
      database: env.DB_NAME,
    });
    const [clerkRows] = await db.query(
      "SELECT username, unit_id AS unitId FROM users WHERE FIND_IN_SET('clerk', roles) > 0 AND unit_id IS NOT NULL ORDER BY id",
    );
    const clerks = clerkRows as { username: string; unitId: number }[];
    const tokens = new Map<string, string>();
    for (const c of clerks)
      tokens.set(
        c.username,
        (await post<{ accessToken: string }>(base, '/api/auth/login', { username: c.username, password: PASSWORD }))
          .accessToken,
      );

    const received = new Map<number, number>();
    const consoleUnits = new Set<number>();
    for (let i = 0; i < CONSOLES; i++) {
      const clerk = clerks[i % clerks.length]!;
      consoleUnits.add(Number(clerk.unitId));
      const socket = io(`${apiBases[i % apiBases.length]}/live`, {
        auth: { token: tokens.get(clerk.username) },
        transports: ['websocket'],
        reconnection: true,
      });
      socket.on('ticket.assigned', (event: { ticketId: number }) => {
        if (!received.has(event.ticketId)) received.set(event.ticketId, performance.now());
      });
      sockets.push(socket);
    }
    await Promise.all(
      sockets.map((s) =>
        s.connected
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => {
              s.once('connect', () => resolve());
              s.once('connect_error', (e) => reject(e));
            }),
      ),
    );
    console.log(
      `${sockets.length} consoles connected over ${consoleUnits.size} unit rooms on ${apiBases.length} api process(es)`,
    );

    // matters whose responsibility rule names a unit that has a console: department matters in the townships
    const [pairs] = await db.query(
      `SELECT c.id AS categoryId, a.id AS areaId FROM categories c JOIN areas a ON a.level = 'township'
        WHERE c.territorial = 0 AND c.default_unit_id IS NOT NULL AND c.active = 1 AND NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id)
        ORDER BY c.id, a.id LIMIT 400`,
    );
    const targets: Target[] = [];
    for (const p of pairs as { categoryId: number; areaId: number }[]) {
      const r = await get<{ unit: { id: number } | null; conflict: unknown }>(
        base,
        `/api/responsibility/resolve?categoryId=${p.categoryId}&areaId=${p.areaId}`,
        agent,
      );
      if (r.unit && !r.conflict && consoleUnits.has(r.unit.id)) targets.push({ ...p, unitId: r.unit.id });
      if (targets.length >= 100) break;
    }
    if (targets.length === 0) throw new Error('no (category, area) pair resolves to a unit with a console');

    /** Statements MySQL ran and commands Redis served so far, server-wide: divided per ticket below. */
    const { Redis } = await import('ioredis');
    const redisStats = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const serverCounts = async (): Promise<{ mysql: number; redis: number }> => {
      const [rows] = await db.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions')");
      const info = await redisStats.info('stats');
      return {
        mysql: Number((rows as { Value: string }[])[0]?.Value ?? NaN),
        redis: Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN),
      };
    };

    const started = new Map<number, number>();
    const intakeMs: number[] = [];
    const submit = async (i: number): Promise<void> => {
      const target = targets[i % targets.length]!;
      const t0 = performance.now();
      const ticket = await post<{ id: number }>(
        apiBases[i % apiBases.length]!,
        '/api/tickets',
        {
          submit: true,
          description: `基准测试工单 ${i}：市场监管相关诉求，请相关部门处理`,
          callerPhone: `139${String(i).padStart(8, '0')}`,
          categoryId: target.categoryId,
          areaId: target.areaId,
        },
        agent,
      );
      started.set(ticket.id, t0);
      intakeMs.push(performance.now() - t0);
    };
    const waitAll = async (ids: () => number[], timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (ids().some((id) => !received.has(id))) {
        if (Date.now() > deadline)
          throw new Error(`${ids().filter((id) => !received.has(id)).length} tickets were never pushed as assigned`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const latencies = (ids: number[]): number[] =>
      ids.map((id) => received.get(id)! - started.get(id)!).sort((a, b) => a - b);

    // warm-up, not measured: pools, caches, and V8's optimising compiler, which otherwise spends a
    // seventh of the worker's CPU in the first seconds of load compiling the hot paths. At the
    // throughput phase's concurrency, so the paths it runs (the intake's batches) are warm too.
    let warmed = 0;
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (warmed < WARMUP) await submit(100_000 + warmed++);
      }),
    );
    await waitAll(() => [...started.keys()], 60_000);
    started.clear();
    intakeMs.length = 0;

    console.log(`Throughput phase: ${N} tickets at concurrency ${C}...`);
    let next = 0;
    // CPU each process spends in the throughput phase, per ticket: where the machine's two cores go
    const cpuPids: Record<string, number | undefined> = {
      ...Object.fromEntries(procs.map((p) => [p.name, p.child.pid])),
      ...serverPids(),
      bench: process.pid,
    };
    const cpuBefore = Object.fromEntries(Object.entries(cpuPids).map(([k, pid]) => [k, cpuMs(pid)]));
    const countsBefore = await serverCounts();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: C }, async () => {
        for (;;) {
          const i = next++;
          if (i >= N) return;
          await submit(i);
        }
      }),
    );
    const ids = [...started.keys()];
    await waitAll(() => ids, 120_000);
    const elapsedS = (Math.max(...ids.map((id) => received.get(id)!)) - t0) / 1000;
    const countsAfter = await serverCounts();
    const perTicket = {
      mysqlStatements: round((countsAfter.mysql - countsBefore.mysql) / N, 1),
      redisCommands: round((countsAfter.redis - countsBefore.redis) / N, 1),
    };
    await redisStats.quit();
    await db.end();
    const cpuMsPerTicket: Record<string, number | null> = {};
    for (const [k, pid] of Object.entries(cpuPids)) {
      const before = cpuBefore[k];
      const after = cpuMs(pid);
      cpuMsPerTicket[k] =
        before === null || before === undefined || after === null ? null : round((after - before) / N, 2);
    }
    const ticketsPerSec = N / elapsedS;
    const sorted = latencies(ids);
    const intakeSorted = [...intakeMs].sort((a, b) => a - b);
    const rss: Record<string, number | null> = {};
    for (const p of procs) rss[p.name] = rssMb(p.child.pid);

    console.log(`Fixed-rate phase: ${RATE} tickets/s for ${DURATION_S} s...`);
    started.clear();
    intakeMs.length = 0;
    const total = Math.round(RATE * DURATION_S);
    const rateStart = performance.now();
    const inflight: Promise<void>[] = [];
    const failed: string[] = [];
    for (let i = 0; i < total; i++) {
      const due = rateStart + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(
        submit(N + i).catch((error: Error) => {
          failed.push(error.message);
        }),
      );
    }
    await Promise.all(inflight);
    if (failed.length > 0) console.log(`${failed.length} intake requests failed, first: ${failed[0]}`);
    const rateIds = [...started.keys()];
    await waitAll(() => rateIds, 60_000);
    const rateSorted = latencies(rateIds);
    const rateIntakeSorted = [...intakeMs].sort((a, b) => a - b);
    for (const p of procs) rss[p.name] = Math.max(rss[p.name] ?? 0, rssMb(p.child.pid) ?? 0);

    console.log(`Raw ceiling: ${N} plain mysql2 transactions (ticket row + event row) at concurrency ${C}...`);
    const rawTxPerSec = await rawTransactionsPerSecond(env, N, C);

    const result = {
      tickets: N,
      concurrency: C,
      ticketsPerSec: Math.round(ticketsPerSec),
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      intakeP50Ms: round(percentile(intakeSorted, 50)),
      intakeP99Ms: round(percentile(intakeSorted, 99)),
      rawTxPerSec: Math.round(rawTxPerSec),
      ratio: round(ticketsPerSec / rawTxPerSec, 3),
      fixedRate: {
        offeredPerSec: RATE,
        tickets: total,
        failed: failed.length,
        p50Ms: round(percentile(rateSorted, 50)),
        p90Ms: round(percentile(rateSorted, 90)),
        p99Ms: round(percentile(rateSorted, 99)),
        maxMs: round(rateSorted.at(-1)!),
        intakeP50Ms: round(percentile(rateIntakeSorted, 50)),
        intakeP99Ms: round(percentile(rateIntakeSorted, 99)),
      },
      consoles: sockets.length,
      cpuMsPerTicket,
      perTicket,
      rssMb: rss,
    };
    console.log('');
    console.log(
      `Throughput: ${result.ticketsPerSec} tickets/s end to end (raw mysql2 ceiling ${result.rawTxPerSec} tx/s, ratio ${result.ratio})`,
    );
    console.log(`Latency intake → assigned push at full load: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    console.log(
      `At ${RATE} tickets/s offered: p50 ${result.fixedRate.p50Ms} ms, p90 ${result.fixedRate.p90Ms} ms, p99 ${result.fixedRate.p99Ms} ms (the intake's answer: p50 ${result.fixedRate.intakeP50Ms} ms, p99 ${result.fixedRate.intakeP99Ms} ms)`,
    );
    console.log(
      `CPU per ticket: ${Object.entries(cpuMsPerTicket)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ')}`,
    );
    console.log(
      `Per ticket: ${perTicket.mysqlStatements} MySQL statements, ${perTicket.redisCommands} Redis commands (server-wide)`,
    );
    console.log(
      `RSS: ${Object.entries(rss)
        .map(([k, v]) => `${k} ${v} MB`)
        .join(', ')}`,
    );
    console.log(JSON.stringify(result));
  } catch (error) {
    for (const p of procs) console.error(`--- ${p.name} log tail ---\n${p.log().slice(-3000)}`);
    throw error;
  } finally {
    for (const s of sockets) s.close();
    await Promise.all(procs.map(stopProcess));
  }
}

/** The bench's database is new each run, so its Redis keys (queues, sent-event marks) must go too. */
async function clearRedisPrefix(env: NodeJS.ProcessEnv): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.REDIS_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
