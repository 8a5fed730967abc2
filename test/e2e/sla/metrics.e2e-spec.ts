import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { ROLLUP_COLUMNS, UNIT_DAYS_SELECT_SQL } from '../../../src/sla/sla-rollup';
import { bearer, createTestApp } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';
import { act, at, controlClock, createDispatched, sql, unitWithClerk } from './sla-test-kit';

/**
 * A small, fully known set of tickets in units of their own, October 2026 (after the National Day
 * holiday; normal complaints: accept 1 working day, first contact 24 h, resolution 5 working days;
 * T6 is urgent: 30 min, 2 h, 24 h), seen at NOW = Friday 10-30 12:00:
 *
 * T1 dispatched Mon 10-12 09:00, accepted 10:00, contacted 11:00, replied 10-14 09:00, callback solved, satisfied
 * T2 dispatched 10-12 09:00, accepted 10-13 10:00 (late), contacted 11:00 (late), replied 10-20 09:00 (late),
 *    callback unsolved, dissatisfied → reopened (new clock due 10-27 11:00), replied 10-21 09:00 (on time),
 *    callback solved, basically satisfied
 * T3 dispatched 10-13 09:00, returned (approved) 10-13 11:00
 * T4 dispatched 10-26 09:00, untouched: accept and first contact past due at NOW (late, overdue)
 * T5 dispatched 10-29 14:30, accepted 15:00, contacted 16:00: nothing due yet
 * T6 urgent, dispatched 10-29 14:00, accepted 14:10, contacted 14:30: resolution due 10-30 14:00, near-due at NOW
 * T7 dispatched 10-12 09:00, accepted 09:10, contacted 09:20, no reply: resolution past due (late, overdue)
 * T8 (the sub-unit) dispatched 10-15 09:00, accepted 09:30, contacted 10:00, replied 10-16 09:00
 */
describe('SLA unit metrics (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let clock: { set(instant: Date | null): void };
  let unit: { unitId: number; clerk: string };
  let sub: { unitId: number; clerk: string };
  const ids: Record<string, number> = {};
  const period = 'from=2026-10-01&to=2026-10-31';

  const get = (token: string, path: string) => request(app.getHttpServer()).get(path).set(bearer(token));
  const step = async (when: string, token: string, key: string, action: string, body: Record<string, unknown> = {}) => {
    clock.set(at(when));
    await act(d, token, ids[key]!, action, body);
  };
  const dispatch = async (when: string, key: string, to: number, body: Record<string, unknown> = {}) => {
    clock.set(at(when));
    ids[key] = await createDispatched(d, t, to, { appealType: 'complaint', ...body });
  };
  const reviewAndCall = async (when: string, clerk: string, key: string, satisfaction: string, solved: boolean) => {
    await step(when, t.supervisor, key, 'review', { decision: 'approve' });
    await step(when, t.agent, key, 'callback', { solved, satisfaction });
    void clerk;
  };

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    clock = controlClock(app);
    unit = await unitWithClerk(app, t.admin, 'dept-sla-metrics');
    sub = await unitWithClerk(app, t.admin, 'dept-sla-metrics-sub', unit.unitId);
    const c = unit.clerk;

    await dispatch('2026-10-12 09:00', 'T1', unit.unitId);
    await dispatch('2026-10-12 09:00', 'T2', unit.unitId);
    await dispatch('2026-10-12 09:00', 'T7', unit.unitId);
    await step('2026-10-12 09:10', c, 'T7', 'accept');
    await step('2026-10-12 09:20', c, 'T7', 'record-contact', { content: '已联系' });
    await step('2026-10-12 10:00', c, 'T1', 'accept');
    await step('2026-10-12 11:00', c, 'T1', 'record-contact', { content: '已联系' });
    await dispatch('2026-10-13 09:00', 'T3', unit.unitId);
    await step('2026-10-13 10:00', c, 'T3', 'request-return', { reason: '不属于本单位' });
    await step('2026-10-13 11:00', t.dispatcher, 'T3', 'decide-return', { decision: 'approve' });
    await step('2026-10-13 10:00', c, 'T2', 'accept');
    await step('2026-10-13 11:00', c, 'T2', 'record-contact', { content: '已联系' });
    await step('2026-10-14 09:00', c, 'T1', 'reply', { content: '已办结' });
    await reviewAndCall('2026-10-14 15:00', c, 'T1', 'satisfied', true);
    await dispatch('2026-10-15 09:00', 'T8', sub.unitId);
    await step('2026-10-15 09:30', sub.clerk, 'T8', 'accept');
    await step('2026-10-15 10:00', sub.clerk, 'T8', 'record-contact', { content: '已联系' });
    await step('2026-10-16 09:00', sub.clerk, 'T8', 'reply', { content: '已办结' });
    await step('2026-10-20 09:00', c, 'T2', 'reply', { content: '已处理' });
    await reviewAndCall('2026-10-20 11:00', c, 'T2', 'dissatisfied', false);
    await step('2026-10-21 09:00', c, 'T2', 'reply', { content: '再次处理' });
    await reviewAndCall('2026-10-21 15:00', c, 'T2', 'basically_satisfied', true);
    await dispatch('2026-10-26 09:00', 'T4', unit.unitId);
    await dispatch('2026-10-29 14:00', 'T6', unit.unitId, { urgency: 'urgent' });
    await step('2026-10-29 14:10', c, 'T6', 'accept');
    await dispatch('2026-10-29 14:30', 'T5', unit.unitId);
    await step('2026-10-29 14:30', c, 'T6', 'record-contact', { content: '已联系' });
    await step('2026-10-29 15:00', c, 'T5', 'accept');
    await step('2026-10-29 16:00', c, 'T5', 'record-contact', { content: '已联系' });
    clock.set(at('2026-10-30 12:00'));
  }, 120_000);

  afterAll(async () => {
    await app.close();
  });

  it('should have timed the seeded tickets on the clocks the hand count assumes', async () => {
    const rows = await sql<{ id: number; urgency: string }>(
      app,
      `SELECT id, urgency FROM tickets WHERE id IN (${Object.values(ids).join(',')})`,
    );
    expect(rows.filter((r) => r.urgency === 'urgent').map((r) => Number(r.id))).toEqual([ids.T6]);
  });

  it("should match a hand count of the unit's own figures", async () => {
    const response = await get(t.supervisor, `/api/sla/metrics?${period}&unitId=${unit.unitId}`).expect(200);
    expect(response.body.figures).toMatchObject({
      scope: 'unit',
      dispatched: 7,
      returned: 1,
      acceptDecided: 6, // T1 T2 T4 T5 T6 T7 (T3 returned)
      acceptOnTime: 4, // T1 T5 T6 T7
      contactDecided: 6,
      contactOnTime: 4,
      resolutionDecided: 3, // T1 T2 replied, T7 open past due; T4 T5 T6 still running
      resolutionOnTime: 2,
      callbacks: 3,
      solved: 2,
      satisfied: 2,
      reopens: 1,
      overdueNow: 2, // T4 accept, T7 resolution
      nearDueNow: 1, // T6
      onTimeAcceptRate: 0.6667,
      responseRate: 0.6667,
      onTimeResolutionRate: 0.6667,
      resolutionRate: 0.6667,
      satisfactionRate: 0.6667,
      returnRate: 0.1429,
      reopenRate: 0.3333,
      meanMinutesToAccept: 322, // (60 + 1500 + 30 + 10 + 10) / 5
      meanMinutesToReply: 7200, // (2 days + 8 days) / 2
    });
  });

  it('should keep the per-day totals equal to a recount from the records', async () => {
    const units = [unit.unitId, sub.unitId];
    const kept = await sql(
      app,
      `SELECT day, unit_id, ${Object.values(ROLLUP_COLUMNS)
        .map((c) => `SUM(${c}) AS ${c}`)
        .join(
          ', ',
        )} FROM sla_unit_days WHERE unit_id IN (?) GROUP BY day, unit_id HAVING SUM(dispatched) > 0 ORDER BY day, unit_id`,
      [units],
    );
    const recount = await sql(
      app,
      `SELECT * FROM (${UNIT_DAYS_SELECT_SQL}) r WHERE r.unit_id IN (?) ORDER BY r.day, r.unit_id`,
      [new Date(0), new Date('2100-01-01T00:00:00Z'), units],
    );
    const plain = (rows: Record<string, unknown>[]) =>
      rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)])),
      );
    expect(kept.length).toBeGreaterThan(3);
    expect(plain(kept)).toEqual(plain(recount));
  });

  it('should add the unit below into the subtree figures', async () => {
    const response = await get(t.supervisor, `/api/sla/metrics?${period}&unitId=${unit.unitId}&subtree=true`);
    expect(response.body.figures).toMatchObject({
      scope: 'subtree',
      dispatched: 8,
      acceptDecided: 7,
      acceptOnTime: 5,
      resolutionDecided: 4,
      resolutionOnTime: 3,
      overdueNow: 2,
    });
  });

  it('should list the tickets behind a figure', async () => {
    const list = async (kind: string) =>
      (
        (await get(t.supervisor, `/api/sla/tickets?${period}&unitId=${unit.unitId}&kind=${kind}`)).body.items as {
          ticketId: number;
          clock: string | null;
        }[]
      ).map((r) => r.ticketId);
    expect(await list('overdue')).toEqual([ids.T7, ids.T4].sort((a, b) => a! - b!));
    expect(await list('near_due')).toEqual([ids.T6]);
    expect(await list('late_accepts')).toEqual([ids.T2, ids.T4].sort((a, b) => a! - b!));
    expect(await list('late_replies')).toEqual([ids.T7]);
    expect(await list('returned')).toEqual([ids.T3]);
    expect(await list('reopened')).toEqual([ids.T2]);
  });

  it('should show the board with every unit and the overdue and near-due tickets', async () => {
    const board = await get(t.supervisor, `/api/sla/board?${period}`).expect(200);
    const mine = board.body.units.find((u: { unit: { id: number } }) => u.unit.id === unit.unitId);
    expect(mine).toMatchObject({ scope: 'subtree', dispatched: 8 });
    const overdue = board.body.overdue.map((r: { ticketId: number }) => r.ticketId);
    expect(overdue).toEqual(expect.arrayContaining([ids.T4, ids.T7]));
    expect(board.body.nearDue.map((r: { ticketId: number }) => r.ticketId)).toContain(ids.T6);
    expect(board.body.calendar).toMatchObject({ status: 'up' });
  });

  it("should let a clerk see their own unit's figures and the units below, nothing else", async () => {
    const own = await get(unit.clerk, `/api/sla/metrics?${period}`).expect(200);
    expect(own.body.figures).toMatchObject({ unit: { id: unit.unitId }, dispatched: 7 });
    await get(unit.clerk, `/api/sla/metrics?${period}&unitId=${sub.unitId}`).expect(200);
    const market = await unitId(app, 'dept-market');
    expect((await get(unit.clerk, `/api/sla/metrics?${period}&unitId=${market}`)).body.code).toBe('OUT_OF_SCOPE');
    expect((await get(sub.clerk, `/api/sla/metrics?${period}&unitId=${unit.unitId}`)).status).toBe(403);
    expect((await get(unit.clerk, `/api/sla/tickets?${period}&kind=overdue`)).body.items).toHaveLength(2);
    await get(unit.clerk, `/api/sla/board?${period}`).expect(403);
    await get(unit.clerk, `/api/sla/export?${period}&format=csv&report=units`).expect(403);
    await get(t.agent, `/api/sla/metrics?${period}`).expect(403);
  });

  it('should export the unit figures as CSV with a BOM and as xlsx, and the overdue list', async () => {
    const csv = await get(t.supervisor, `/api/sla/export?${period}&format=csv&report=units`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const body = csv.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toMatch(/^单位编码,单位名称,派单数,按时签收率%/);
    expect(text).toContain('dept-sla-metrics,SLA测试单位 dept-sla-metrics,8,71.43');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);

    const xlsx = await get(t.supervisor, `/api/sla/export?${period}&format=xlsx&report=overdue`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.headers['content-disposition']).toMatch(/sla-overdue-.*\.xlsx/);
  });
});
