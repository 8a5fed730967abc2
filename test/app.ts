import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { io, Socket } from 'socket.io-client';
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

/** Starts listening on a free port (socket.io needs a real server) and returns its base URL. */
export async function listenOnFreePort(app: INestApplication<App>): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * A socket.io client of the `/live` namespace, not yet connected (call `.connect()`): websocket only, no
 * automatic reconnection, so a test decides when a console comes back and with which lastSeq.
 */
export function liveClient(baseUrl: string, auth: { token?: string; lastSeq?: number }): Socket {
  return io(`${baseUrl}/live`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
    forceNew: true,
  });
}
