import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createServer } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { preflight } from './bootstrap';
import { loadConfig, loadEnvFile } from './config/env.schema';
import { exitOnStartupError, installShutdownTimeout } from './main';
import { MetricsService } from './metrics/metrics.service';

/** The worker role: the same AppModule without the HTTP listener; the BullMQ processors run here. */
async function startWorker(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  const app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  installShutdownTimeout(config.SHUTDOWN_TIMEOUT_MS);
  if (config.WORKER_METRICS_PORT > 0) serveMetrics(app.get(MetricsService), config.WORKER_METRICS_PORT);
  app.get(Logger).log('Worker started');
}

/** The queue depth, job latency and outbox figures of this worker, for Prometheus to scrape. */
function serveMetrics(metrics: MetricsService, port: number): void {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (body) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  server.listen(port);
  process.once('SIGTERM', () => server.close());
}

if (require.main === module) {
  loadEnvFile();
  startWorker().catch(exitOnStartupError);
}
