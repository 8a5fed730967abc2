import { existsSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toFloat = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

/**
 * Every environment variable the app reads, declared once with its default and its rule.
 * `.env.example` documents the same list; `loadConfig` refuses to start on any bad value.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  @IsNotEmpty()
  DB_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  DB_PORT = 3306;

  @IsString()
  @IsNotEmpty()
  DB_USER = 'root';

  @IsString()
  DB_PASSWORD = '';

  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,64}$/, { message: 'DB_NAME must be 1-64 letters, digits or underscores' })
  DB_NAME = 'hotline';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 20;

  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:port[/db]' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'REDIS_PREFIX must be 1-40 letters, digits, _ . or -' })
  REDIS_PREFIX = 'hotline';

  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET = 'dev-only-jwt-secret-change-me';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS = 12 * 3600;

  @IsString()
  @MinLength(16, { message: 'CTI_SECRET must be at least 16 characters' })
  CTI_SECRET = 'dev-only-cti-secret-change-me';

  @IsString()
  @MinLength(8, { message: 'DEMO_PASSWORD must be at least 8 characters' })
  @MaxLength(128)
  DEMO_PASSWORD = 'Hotline@12345';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_RATE_PER_IP_PER_MINUTE = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_RATE_PER_USER_PER_MINUTE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS = 15000;

  /**
   * How long the api keeps an idle HTTP connection open. Above the idle timeout of the proxy or load
   * balancer in front (nginx and most balancers: 60 s), so the proxy, not the app, closes it: otherwise a
   * request sent just as the app closes the connection fails with a reset.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 65000;

  /** A worker process has no HTTP API; it serves its Prometheus metrics on this port (0: not at all). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT = 0;

  @Transform(toFloat)
  @IsNumber()
  @Min(0)
  @Max(1)
  DISPATCH_CONFIDENCE_THRESHOLD = 0.85;

  /**
   * Whether submitted tickets go through classification and automatic dispatch. Off, every
   * ticket waits in the dispatch pool for a dispatcher (and the tests of the manual workflow run
   * without the pipeline racing them).
   */
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  PIPELINE_ENABLED = true;

  /** A ticket waiting this long before dispatch with no verdict of its round is re-enqueued by the sweeper. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  PIPELINE_STUCK_AFTER_SECONDS = 30;

  /**
   * Pipeline jobs one worker process runs at once. A job is mostly waiting on MySQL, so a few more
   * than the cores keep the process busy; keep DB_POOL_SIZE above it (each job holds a connection).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  PIPELINE_CONCURRENCY = 16;

  /** Console sockets (socket.io `/live`) one api process accepts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  REALTIME_MAX_CONNECTIONS = 10000;

  /** Console sockets one user may hold across every api process (browser tabs, screens). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  REALTIME_MAX_CONNECTIONS_PER_USER = 10;
}

export type AppConfig = Readonly<EnvironmentVariables>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEV_SECRETS = new Set(['dev-only-jwt-secret-change-me', 'dev-only-cti-secret-change-me']);

/** Loads `.env` from the working directory when there is one; variables already set win. */
export function loadEnvFile(path = '.env'): void {
  if (!existsSync(path)) return;
  const before = { ...process.env };
  process.loadEnvFile(path);
  Object.assign(process.env, before);
}

/** Reads, converts and validates the environment; throws one ConfigError naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
    // an explicitly empty password is a value, not "unset"
    if (key === 'DB_PASSWORD' && value === '') raw[key] = '';
  }
  const config = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.map((e) => {
    const value =
      e.property.includes('SECRET') || e.property.includes('PASSWORD') ? '(hidden)' : JSON.stringify(raw[e.property]);
    return `${e.property}=${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
  if (config.NODE_ENV === 'production') {
    for (const key of ['JWT_SECRET', 'CTI_SECRET'] as const) {
      if (DEV_SECRETS.has(config[key])) problems.push(`${key}: the development default may not be used in production`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
