import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
/**
 * Compiles the app once per test run (the global setup calls it), for the tests that run it as
 * separate processes; later calls in the same run do nothing.
 */
export function buildOnce(): void {
  if (process.env.HOTLINE_TEST_BUILT === '1') return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.env.HOTLINE_TEST_BUILT = '1';
}

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts the compiled app in a role of its own (`api` → main.js, `worker` → worker.js), with the
 * test environment of this process (database, Redis prefix) plus `env`.
 */
export function startRole(role: 'api' | 'worker', env: Record<string, string> = {}): AppProcess {
  const entry = join(ROOT, 'dist/src', role === 'api' ? 'main.js' : 'worker.js');
  const child = spawn(process.execPath, ['--no-warnings=ExperimentalWarning', entry], {
    cwd: ROOT,
    env: { ...process.env, APP_ROLE: role, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Stops a process: SIGTERM (graceful) or SIGKILL (a crash), and waits for it to be gone. */
export async function stopRole(app: AppProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill(signal);
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
  await Promise.race([app.exited, timeout]);
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
}

/** A private Redis on its own port, which a test may stop and start again. */
export class TestRedis {
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  start(): void {
    execFileSync('redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
    ]);
    for (let i = 0; i < 50; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' });
        return;
      } catch {
        execFileSync('sleep', ['0.1']);
      }
    }
    throw new Error(`redis on port ${this.port} did not start`);
  }

  stop(): void {
    try {
      execFileSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { stdio: 'pipe' });
    } catch {
      // already stopped
    }
  }
}
