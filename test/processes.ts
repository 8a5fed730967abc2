import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';

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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export class AppProcess {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  /** Runs the compiled app in one role, with this test process's environment (test database and Redis prefix). */
  constructor(
    readonly role: 'api' | 'worker',
    env: Record<string, string> = {},
  ) {
    const entry = join(ROOT, 'dist/src', role === 'api' ? 'main.js' : 'worker.js');
    this.child = spawn(process.execPath, ['--no-warnings=ExperimentalWarning', entry], {
      cwd: ROOT,
      env: { ...process.env, APP_ROLE: role, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until an api process answers its health check. */
  async ready(baseUrl: string): Promise<void> {
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`the ${this.role} process exited:\n${this.output}`);
        const response = await fetch(`${baseUrl}/api/health`).catch(() => null);
        return response?.ok ?? false;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: `the ${this.role} process at ${baseUrl}` },
    );
  }

  /** A crash: SIGKILL, no chance to close anything. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not closed within the bound; says whether it closed by itself. */
  async stop(boundMs = 15_000): Promise<boolean> {
    if (!this.running) return true;
    this.child.kill('SIGTERM');
    const closed = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), boundMs).unref()),
    ]);
    if (!closed) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    return closed;
  }
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
