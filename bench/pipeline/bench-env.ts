import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The environment every process of the bench shares: its own database and Redis prefix. */
export function benchEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-only-jwt-secret-0123456789',
    CTI_SECRET: 'bench-only-cti-secret-0123456789',
    DB_NAME: process.env.BENCH_DB_NAME ?? 'hotline_bench',
    REDIS_PREFIX: process.env.BENCH_REDIS_PREFIX ?? 'hotline-bench',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    LOGIN_RATE_PER_IP_PER_MINUTE: '10000',
    LOGIN_RATE_PER_USER_PER_MINUTE: '1000',
    DB_POOL_SIZE: process.env.BENCH_DB_POOL_SIZE ?? '30',
    ...extra,
  };
}

export function cli(args: string[], env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, ['--no-warnings=ExperimentalWarning', join(ROOT, 'dist/src/cli.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
}

export interface Proc {
  name: string;
  child: ChildProcess;
  log: () => string;
}

/**
 * The node flags a role runs with in production (package.json's `start:api` / `start:worker`, the same
 * as docker/Dockerfile's), so that the bench measures the processes as they are shipped: the heap cap
 * among them decides much of a process's memory.
 */
export function launchFlags(role: 'api' | 'worker'): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  return scripts[`start:${role}`].split(/\s+/).filter((token) => token.startsWith('--'));
}

export function startProcess(name: string, role: 'api' | 'worker', env: NodeJS.ProcessEnv): Proc {
  const entry = join(ROOT, 'dist/src', role === 'api' ? 'main.js' : 'worker.js');
  // BENCH_NODE_ARGS: extra node flags for the app processes, e.g. "--cpu-prof --cpu-prof-dir=prof"
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...launchFlags(role), ...nodeArgs, entry], {
    cwd: ROOT,
    env: { ...env, APP_ROLE: role },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // BENCH_LOG_DIR: also write each process's whole output to <dir>/<name>.log (the tail is kept in any case)
  const logDir = process.env.BENCH_LOG_DIR;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-20_000);
    if (logDir) appendFileSync(join(logDir, `${name}.log`), chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, log: () => log };
}

export async function stopProcess(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      p.child.kill('SIGKILL');
      resolve();
    }, 10_000);
    p.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Resident set size of a process in MB, from /proc. */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export async function waitHealthy(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${base} did not become healthy`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number`);
  return value;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc; null where unreadable. */
export function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name, which is in parentheses and may hold spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return null;
  }
}

/** Pids of the local database and Redis servers, when they run on this machine (their CPU is reported too). */
export function serverPids(): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const [name, exe] of [
    ['mysql', 'mariadbd'],
    ['mysql', 'mysqld'],
    ['redis', 'redis-server'],
  ] as const) {
    if (pids[name]) continue;
    try {
      const out = execFileSync('pidof', ['-s', exe], { encoding: 'utf8' }).trim();
      if (out) pids[name] = Number(out);
    } catch {
      // not running here
    }
  }
  return pids;
}
