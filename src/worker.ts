import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { preflight } from './bootstrap';
import { loadConfig, loadEnvFile } from './config/env.schema';
import { exitOnStartupError, installShutdownTimeout } from './main';

/** The worker role: the same AppModule without the HTTP listener; the BullMQ processors run here. */
async function startWorker(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  installShutdownTimeout(config.SHUTDOWN_TIMEOUT_MS);
  app.get(Logger).log('Worker started');
}

if (require.main === module) {
  loadEnvFile();
  startWorker().catch(exitOnStartupError);
}
