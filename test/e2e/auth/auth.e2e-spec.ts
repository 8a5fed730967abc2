import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { User } from '../../../src/org/user.entity';
import { withClockAhead } from '../../fake-date';
import { bearer, createTestApp, DEMO_PASSWORD, login } from '../../app';

describe('Auth (e2e)', () => {
  let app: INestApplication<App>;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(['admin', 'agent', 'dispatcher', 'supervisor', 'clerk-dept-market', 'clerk-tn-gucheng'])(
    'should log in the demo user %s and return a token that works',
    async (username) => {
      const response = await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ username, password: DEMO_PASSWORD })
        .expect(200);
      expect(response.body.user.username).toBe(username);
      expect(response.body.user).not.toHaveProperty('passwordHash');
      const me = await request(app.getHttpServer())
        .get('/api/auth/me')
        .set(bearer(response.body.accessToken))
        .expect(200);
      expect(me.body.username).toBe(username);
    },
  );

  it('should give a clerk their unit and a centre role none of the clerk scope', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'clerk-dept-market', password: DEMO_PASSWORD });
    expect(response.body.user.roles).toEqual(['clerk']);
    expect(response.body.user.unitId).toEqual(expect.any(Number));
    expect(response.body.user.unitPath).toMatch(/^\/\d+\/\d+\/$/);
  });

  it('should answer a wrong password and an unknown user alike, without saying which part was wrong', async () => {
    const wrongPassword = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'agent', password: 'nope-nope' })
      .expect(401);
    const unknownUser = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'nobody-here', password: 'nope-nope' })
      .expect(401);
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknownUser.body).toEqual(wrongPassword.body);
    // nor which server software answers
    expect(wrongPassword.headers['x-powered-by']).toBeUndefined();
  });

  it('should refuse a request without a token, a forged token and an expired token', async () => {
    const server = app.getHttpServer();
    expect((await request(server).get('/api/auth/me').expect(401)).body.code).toBe('AUTH_REQUIRED');
    const forged = new JwtService({ secret: 'someone-elses-secret-123456' }).sign({ sub: 1, username: 'admin' });
    expect((await request(server).get('/api/auth/me').set(bearer(forged)).expect(401)).body.code).toBe('TOKEN_INVALID');
    const expired = app.get(JwtService).sign({ sub: 1, username: 'admin' }, { expiresIn: -10 });
    expect((await request(server).get('/api/auth/me').set(bearer(expired)).expect(401)).body.code).toBe(
      'TOKEN_EXPIRED',
    );
    expect((await request(server).get('/api/auth/me').set({ Authorization: 'Basic abc' }).expect(401)).body.code).toBe(
      'AUTH_REQUIRED',
    );
  });

  it('should refuse a token once it expires, though it was accepted (and remembered) before', async () => {
    const server = app.getHttpServer();
    const token = app.get(JwtService).sign({ sub: 1, username: 'admin' }, { expiresIn: 60 });
    await request(server).get('/api/auth/me').set(bearer(token)).expect(200);
    await request(server).get('/api/auth/me').set(bearer(token)).expect(200);
    // a token with one character changed is another token: checked, and refused
    const tampered = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)!;
    expect((await request(server).get('/api/auth/me').set(bearer(tampered)).expect(401)).body.code).toBe(
      'TOKEN_INVALID',
    );
    await withClockAhead(61_000, async () => {
      expect((await request(server).get('/api/auth/me').set(bearer(token)).expect(401)).body.code).toBe(
        'TOKEN_EXPIRED',
      );
    });
  });

  it('should lock an account after repeated failures, even against the right password', async () => {
    const server = app.getHttpServer();
    const admin = await login(app, 'admin');
    await request(server)
      .post('/api/admin/users')
      .set(bearer(admin))
      .send({ username: 'lock-me', displayName: '锁定测试', password: 'Right-Password-1', roles: ['agent'] })
      .expect(201);
    for (let i = 0; i < 5; i++) {
      await request(server)
        .post('/api/auth/login')
        .send({ username: 'lock-me', password: 'wrong-password' })
        .expect(401);
    }
    const locked = await request(server)
      .post('/api/auth/login')
      .send({ username: 'lock-me', password: 'Right-Password-1' })
      .expect(423);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    const user = await app.get(DataSource).getRepository(User).findOneByOrFail({ username: 'lock-me' });
    expect(user.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('should throttle login attempts per user name', async () => {
    const server = app.getHttpServer();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push(
        (await request(server).post('/api/auth/login').send({ username: 'throttled-name', password: 'x' })).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('should refuse unknown fields, wrong types and over-long values with VALIDATION_FAILED', async () => {
    const server = app.getHttpServer();
    for (const body of [
      { username: 'agent', password: DEMO_PASSWORD, extra: true },
      { username: 42, password: DEMO_PASSWORD },
      { username: 'a'.repeat(65), password: DEMO_PASSWORD },
      {},
    ]) {
      const response = await request(server).post('/api/auth/login').send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const malformed = await request(server)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":')
      .expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
  });
});
