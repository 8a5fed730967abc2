import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureHttpApp, preflight } from './bootstrap';
import { ConfigError, loadConfig, loadEnvFile } from './config/env.schema';

/** Starts the api role (HTTP + socket.io), or everything in one process with APP_ROLE=all. */
export async function startServer(): Promise<NestExpressApplication> {
  const config = loadConfig();
  await preflight(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
    // keeps req.rawBody beside the parsed JSON: the CTI webhook's HMAC is over the exact bytes sent
    rawBody: true,
  });
  configureHttpApp(app);
  await app.listen(config.PORT);
  (app.getHttpServer() as Server).keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  installShutdownTimeout(config.SHUTDOWN_TIMEOUT_MS);
  return app;
}

/** Nest closes modules on SIGTERM; a hung close must not keep a stopped process alive forever. */
export function installShutdownTimeout(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), timeoutMs).unref());
  }
}

export function exitOnStartupError(error: unknown): never {
  console.error(error instanceof ConfigError ? error.message : `Cannot start: ${(error as Error).message}`);
  process.exit(1);
}

if (require.main === module) {
  loadEnvFile();
  startServer().catch(exitOnStartupError);
}
