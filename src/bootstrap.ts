import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG } from './config/config.module';
import type { AppConfig } from './config/env.schema';
import { probeDatabase } from './database/database.options';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';
import { probeRedis } from './redis/redis.module';

/** Fails within seconds, naming each missing service, before Nest starts its retry loops. */
export async function preflight(config: AppConfig): Promise<void> {
  const results = await Promise.allSettled([probeDatabase(config), probeRedis(config.REDIS_URL)]);
  const problems = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** HTTP settings shared by main.ts and the e2e tests, so the tests exercise what production runs. */
export function configureHttpApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useLogger(app.get(Logger));
  express.set('trust proxy', 'loopback');
  express.disable('x-powered-by'); // no server software named to a scanner
  express.useBodyParser('json', { limit: '256kb' });
  app.setGlobalPrefix('api', { exclude: ['metrics', 'console', 'console/{*path}'] });
  app.enableShutdownHooks();
  // socket.io on the Redis adapter, so a console on any api process is one of the cluster's sockets
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, app.get<AppConfig>(APP_CONFIG)));
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('12345 热线工单系统 API')
        .setDescription('12345 government service hotline unified ticketing system')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
