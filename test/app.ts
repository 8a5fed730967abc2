import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AppModule } from '../src/app.module';
import { configureHttpApp } from '../src/bootstrap';
import { TEST_ENV } from './test-env';

/** Boots the real AppModule against the test database and Redis, as main.ts does. */
export async function createTestApp(): Promise<INestApplication<App>> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    rawBody: true,
    bufferLogs: true,
  });
  configureHttpApp(app);
  await app.init();
  return app as unknown as INestApplication<App>;
}

export const DEMO_PASSWORD = TEST_ENV.DEMO_PASSWORD;

export async function login(
  app: INestApplication<App>,
  username: string,
  password: string = DEMO_PASSWORD,
): Promise<string> {
  const response = await request(app.getHttpServer()).post('/api/auth/login').send({ username, password });
  if (response.status !== 200)
    throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as { accessToken: string }).accessToken;
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}
