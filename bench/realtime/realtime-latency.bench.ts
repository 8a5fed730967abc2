/**
 * Realtime latency under load: 1,000 socket.io consoles in 100 unit rooms (10 per unit, each a clerk
 * of that unit) on the app (as deployed: an api process with the gateway, a worker process running the
 * outbox relay and so the publisher; TOPOLOGY=all puts both in one process), while a supervisor
 * urges the units' 100 tickets at 200 actions/s for 20 s through the REST API. Each urge is one ticket
 * event, pushed to the 10 consoles of its unit. Latency = receipt on the console − the event's
 * `at` (its row's created_at, written inside the transaction, so a little before the commit: the
 * figure slightly overstates commit → receipt).
 *
 *   npx tsx bench/realtime/realtime-latency.bench.ts
 *
 * It compiles the server (tsc), creates and seeds its own database (`hotline_bench_rt`, Redis prefix
 * `hotline-bench-rt`), starts `node dist/src/main.js` (and `dist/src/worker.js`), runs, prints the
 * figures and stops everything.
 * Settings: CONSOLES (1000), UNITS (100), RATE (200 events/s), DURATION_S (20), TOPOLOGY (`split`, the
 * default: an api process and a worker process; `all`: one process), BENCH_DB_NAME,
 * BENCH_REDIS_PREFIX, APP_NODE_ARGS (extra node flags for the app); MySQL and Redis as in .env / the defaults.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { io, Socket } from 'socket.io-client';
import { loadConfig, loadEnvFile } from '../../src/config/env.schema';

const ROOT = join(__dirname, '../..');
const CONSOLES = Number(process.env.CONSOLES ?? 1000);
const UNITS = Number(process.env.UNITS ?? 100);
const RATE = Number(process.env.RATE ?? 200);
const DURATION_S = Number(process.env.DURATION_S ?? 20);
const SPLIT = (process.env.TOPOLOGY ?? 'split') === 'split';
const PASSWORD = 'Bench@12345678';

interface LiveEventLike {
  seq: number;
  ticketId: number;
  at: string;
  data: { action: string };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function run(args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0 && what !== 'build') throw new Error(`${what} failed:\n${result.stdout}${result.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function main(): Promise<void> {
  loadEnvFile();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DB_NAME: process.env.BENCH_DB_NAME ?? 'hotline_bench_rt',
    REDIS_PREFIX: process.env.BENCH_REDIS_PREFIX ?? 'hotline-bench-rt',
    DEMO_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    LOGIN_RATE_PER_IP_PER_MINUTE: '10000',
    APP_ROLE: 'all',
    // the bench dispatches by hand: the automatic classify/dispatch pipeline stays out of the figures
    PIPELINE_ENABLED: 'false',
  };
  const config = loadConfig(env);
  console.log('building and seeding…');
  run([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], env, 'build');
  run([join(ROOT, 'dist/src/cli.js'), 'seed:demo', '--no-classifier'], env, 'seed:demo');

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // the app's warnings and errors go to a file (bench/results is not versioned)
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const log = openSync(join(ROOT, 'bench/results/realtime-app.log'), 'w');
  // e.g. APP_NODE_ARGS='--prof' to see where the app spends its time
  const nodeArgs = (process.env.APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const start = (entry: string, role: string): ChildProcess =>
    spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/src', entry)], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), APP_ROLE: role },
      stdio: ['ignore', log, log],
    });
  // split: the outbox relay (and so the publisher) runs in a worker process beside the api process
  const apps = SPLIT ? [start('main.js', 'api'), start('worker.js', 'worker')] : [start('main.js', 'all')];
  const sockets: Socket[] = [];
  try {
    await waitUntil(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok ?? false, 60_000, 'the app');
    const http = new Api(base);
    const [admin, agent, dispatcher, supervisor] = await Promise.all(
      ['admin', 'agent', 'dispatcher', 'supervisor'].map((u) => http.login(u)),
    );

    // 100 village units, each with a bench clerk (created once, reused by later runs)
    const db = await createConnection({
      host: config.DB_HOST,
      port: config.DB_PORT,
      user: config.DB_USER,
      password: config.DB_PASSWORD,
      database: config.DB_NAME,
    });
    const [rows] = await db.query("SELECT id FROM units WHERE kind = 'village' AND active = 1 ORDER BY id LIMIT ?", [
      UNITS,
    ]);
    await db.end();
    const units = (rows as { id: number }[]).map((r) => Number(r.id));
    if (units.length < UNITS) throw new Error(`only ${units.length} village units`);
    const clerks = await mapLimit(units, 10, async (unitId) => {
      const username = `bench-clerk-${unitId}`;
      await http
        .post('/admin/users', admin, { username, displayName: username, password: PASSWORD, roles: ['clerk'], unitId })
        .catch((error: Error) => {
          if (!/409|USERNAME_TAKEN|exists/i.test(error.message)) throw error;
        });
      return http.login(username);
    });

    // one ticket per unit, dispatched to it; one at a time: concurrent dispatches of different tickets
    // can deadlock on ticket_units (reported to the tickets module)
    console.log(`preparing ${UNITS} tickets…`);
    const tickets = await mapLimit(units, 1, async (unitId) => {
      const created = await http.post<{ id: number; version: number }>('/tickets', agent, {
        description: '小区路灯不亮，晚上出行不便，请尽快维修',
        callerPhone: '13812345678',
      });
      const submitted = await http.post<{ version: number }>(`/tickets/${created.id}/actions/submit`, agent, {
        version: created.version,
      });
      const dispatched = await http.post<{ version: number }>(`/tickets/${created.id}/actions/dispatch`, dispatcher, {
        version: submitted.version,
        unitId,
      });
      return { id: created.id, version: dispatched.version, busy: false };
    });

    // consoles: CONSOLES / UNITS per unit, all of that unit's clerk
    console.log(`connecting ${CONSOLES} consoles…`);
    const measuring = { from: Number.POSITIVE_INFINITY };
    const latencies: number[] = [];
    let received = 0;
    let refused = 0;
    await mapLimit([...Array(CONSOLES).keys()], 50, async (i) => {
      const socket = io(`${base}/live`, {
        auth: { token: clerks[i % UNITS] },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      sockets.push(socket);
      socket.on('ticket.updated', (event: LiveEventLike) => {
        const now = Date.now();
        const at = Date.parse(event.at);
        if (event.data.action !== 'urge' || at < measuring.from) return;
        received++;
        latencies.push(now - at);
      });
      await new Promise<void>((resolve) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', () => {
          refused++;
          resolve();
        });
      });
    });
    if (refused > 0) throw new Error(`${refused} consoles were refused`);
    await new Promise((r) => setTimeout(r, 1000));

    console.log(`offering ${RATE} events/s for ${DURATION_S} s…`);
    measuring.from = Date.now();
    const actionMs: number[] = [];
    let performed = 0;
    let skipped = 0;
    let failed = 0;
    const inflight = new Set<Promise<void>>();
    const total = RATE * DURATION_S;
    const started = Date.now();
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const ticket = tickets[n % tickets.length]!;
      if (ticket.busy) {
        skipped++;
        continue;
      }
      ticket.busy = true;
      const t0 = Date.now();
      const p = http
        .post<{ version: number }>(`/tickets/${ticket.id}/actions/urge`, supervisor, { version: ticket.version })
        .then(
          (r) => {
            ticket.version = r.version;
            performed++;
            actionMs.push(Date.now() - t0);
          },
          () => {
            failed++;
          },
        )
        .finally(() => {
          ticket.busy = false;
          inflight.delete(p);
        });
      inflight.add(p);
    }
    await Promise.all(inflight);
    const elapsed = (Date.now() - started) / 1000;
    const expected = performed * (CONSOLES / UNITS);
    await waitUntil(() => Promise.resolve(received >= expected), 10_000, 'the last events').catch(() => undefined);

    latencies.sort((a, b) => a - b);
    actionMs.sort((a, b) => a - b);
    const figures = {
      consoles: CONSOLES,
      unitRooms: UNITS,
      offeredEventsPerSecond: RATE,
      seconds: Number(elapsed.toFixed(1)),
      events: performed,
      eventsPerSecond: Number((performed / elapsed).toFixed(1)),
      skippedBusyTicket: skipped,
      failedActions: failed,
      deliveriesExpected: expected,
      deliveriesReceived: received,
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
      },
      restActionMs: { p50: percentile(actionMs, 50), p99: percentile(actionMs, 99) },
    };
    console.log(JSON.stringify({ topology: SPLIT ? 'api + worker' : 'all', ...figures }, null, 2));
    console.log(
      `\n${CONSOLES} consoles in ${UNITS} unit rooms, ${figures.eventsPerSecond} events/s for ${figures.seconds} s: ` +
        `commit → console p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms (target < 50 ms), ` +
        `${received}/${expected} deliveries`,
    );
  } finally {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(apps.map(stop));
  }
}

async function stop(app: ChildProcess): Promise<void> {
  app.kill('SIGTERM');
  await Promise.race([new Promise((r) => app.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))]);
  if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
}

class Api {
  constructor(private readonly base: string) {}

  async login(username: string): Promise<string> {
    return (await this.post<{ accessToken: string }>('/auth/login', null, { username, password: PASSWORD }))
      .accessToken;
  }

  async post<T>(path: string, token: string | null, body: unknown): Promise<T> {
    const response = await fetch(`${this.base}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
