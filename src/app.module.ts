import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CallsModule } from './calls/calls.module';
import { CatalogModule } from './catalog/catalog.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { createValidationPipe } from './common/validation';
import { ConsoleModule } from './console/console.module';
import { APP_CONFIG, ConfigModule } from './config/config.module';
import type { AppConfig } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HttpMetricsInterceptor } from './metrics/http-metrics.interceptor';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsModule } from './metrics/metrics.module';
import { OrgModule } from './org/org.module';
import { PipelineModule } from './dispatch/pipeline.module';
import { OutboxModule } from './outbox/outbox.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';
import { SlaAppModule } from './sla/sla-app.module';
import { ResponsibilityModule } from './responsibility/responsibility.module';
import { TicketsModule } from './tickets/tickets.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          genReqId: (req, res) => {
            const incoming = req.headers['x-request-id'];
            const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
            res.setHeader('x-request-id', id);
            return id;
          },
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-cti-signature"]'],
          autoLogging: { ignore: (req) => req.url === '/metrics' || req.url === '/api/health' },
          // the role is a binding of the root logger, not a per-request custom prop: pino-http made a
          // child logger for those on every request and stringified them again when it finished
          base: { pid: process.pid, hostname: hostname(), role: config.APP_ROLE },
        },
      }),
    }),
    DatabaseModule,
    RedisModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // BullMQ 6 takes the URL itself; it requires maxRetriesPerRequest: null of its connections
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null, connectTimeout: 3000 },
        prefix: `${config.REDIS_PREFIX}:bull`,
      }),
    }),
    MetricsModule,
    AuditModule,
    OutboxModule,
    AuthModule,
    HealthModule,
    OrgModule,
    TicketsModule,
    SlaAppModule,
    ConsoleModule,
    CallsModule,
    CatalogModule,
    ResponsibilityModule,
    PipelineModule,
    RealtimeModule,
  ],
  controllers: [MetricsController],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
  ],
})
export class AppModule {}
