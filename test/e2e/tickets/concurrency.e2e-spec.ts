import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { bearer, createTestApp, login } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';

describe('Ticket concurrency (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let market: number;
  let hrss: number;
  let secondClerk: string;
  let secondDispatcher: string;

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    market = await unitId(app, 'dept-market');
    hrss = await unitId(app, 'dept-hrss');
    const server = app.getHttpServer();
    await request(server)
      .post('/api/admin/users')
      .set(bearer(t.admin))
      .send({
        username: 'clerk2-dept-market',
        displayName: '市场监管局经办人2',
        password: 'Second-clerk-1',
        roles: ['clerk'],
        unitId: market,
      })
      .expect(201);
    await request(server)
      .post('/api/admin/users')
      .set(bearer(t.admin))
      .send({ username: 'dispatcher2', displayName: '分办员2', password: 'Second-dispatcher-1', roles: ['dispatcher'] })
      .expect(201);
    secondClerk = await login(app, 'clerk2-dept-market', 'Second-clerk-1');
    secondDispatcher = await login(app, 'dispatcher2', 'Second-dispatcher-1');
  });

  afterAll(async () => {
    await app.close();
  });

  const race = (id: number, version: number, action: string, pairs: [string, Record<string, unknown>][]) =>
    Promise.all(
      pairs.map(([token, body]) =>
        request(app.getHttpServer())
          .post(`/api/tickets/${id}/actions/${action}`)
          .set(bearer(token))
          .send({ version, ...body }),
      ),
    );

  it('should let exactly one of two clerks accepting at the same moment succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await d.create(t.agent);
      await d.ok(t.agent, id, 'submit');
      await d.ok(t.dispatcher, id, 'dispatch', { unitId: market });
      const version = await d.version(id);
      const responses = await race(id, version, 'accept', [
        [t.market, {}],
        [secondClerk, {}],
      ]);
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      expect(responses.find((r) => r.status === 409)!.body.code).toBe('TICKET_VERSION_CONFLICT');
      const accepts = (await d.get(t.supervisor, id)).body.events.filter(
        (e: { action: string }) => e.action === 'accept',
      );
      expect(accepts).toHaveLength(1);
      await d.expectTimelineReplays(id);
    }
  });

  it('should let one of two dispatchers dispatching at once win', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await d.create(t.agent);
      await d.ok(t.agent, id, 'submit');
      const version = await d.version(id);
      const responses = await race(id, version, 'dispatch', [
        [t.dispatcher, { unitId: market }],
        [secondDispatcher, { unitId: hrss }],
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = responses.find((r) => r.status === 200)!.body;
      const detail = (await d.get(t.supervisor, id)).body;
      expect(detail.primaryUnitId).toBe(winner.primaryUnitId);
      expect(detail.units).toHaveLength(1);
      expect(detail.events.filter((e: { action: string }) => e.action === 'dispatch')).toHaveLength(1);
    }
  });
});
