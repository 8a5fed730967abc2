import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { CalendarService } from '../../../src/sla/calendar.service';
import { formatShanghaiIso } from '../../../src/sla/shanghai-time';
import { bearer, createTestApp } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';
import { at, controlClock, createDispatched, sql } from './sla-test-kit';

const show = (iso: string | null): string | null =>
  iso === null ? null : formatShanghaiIso(new Date(iso)).slice(0, 16).replace('T', ' ');

interface Deadlines {
  acceptDueAt: string | null;
  firstContactDueAt: string | null;
  resolutionDueAt: string | null;
  callbackDueAt: string | null;
  nextDeadlineAt: string | null;
}

describe('SLA deadlines on tickets (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let market: number;
  let clock: { set(instant: Date | null): void };

  const deadlines = async (id: number): Promise<Deadlines> => (await d.get(t.agent, id)).body.deadlines as Deadlines;
  const shown = async (id: number): Promise<Record<keyof Deadlines, string | null>> => {
    const x = await deadlines(id);
    return {
      acceptDueAt: show(x.acceptDueAt),
      firstContactDueAt: show(x.firstContactDueAt),
      resolutionDueAt: show(x.resolutionDueAt),
      callbackDueAt: show(x.callbackDueAt),
      nextDeadlineAt: show(x.nextDeadlineAt),
    };
  };
  const dispatchAt = async (when: string, body: Record<string, unknown> = { appealType: 'complaint' }) => {
    clock.set(at(when));
    return createDispatched(d, t, market, body);
  };

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    market = await unitId(app, 'dept-market');
    clock = controlClock(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('should skip Qingming for a complaint dispatched on the Friday afternoon before it', async () => {
    // 2026-04-04..06 (Sat–Mon) are the Qingming holiday: the first working day after Friday is Tuesday
    const id = await dispatchAt('2026-04-03 15:00');
    expect(await shown(id)).toEqual({
      acceptDueAt: '2026-04-07 15:00',
      firstContactDueAt: '2026-04-04 15:00', // 24 wall hours: the caller waits through the holiday too
      resolutionDueAt: '2026-04-13 15:00',
      callbackDueAt: null,
      nextDeadlineAt: '2026-04-04 15:00',
    });
    const ticket = (await d.get(t.agent, id)).body;
    expect(show(ticket.dispatchedAt)).toBe('2026-04-03 15:00');
    const dispatch = ticket.events.find((e: { action: string }) => e.action === 'dispatch');
    expect(dispatch.payload.sla).toMatchObject({
      policyVersion: expect.any(Number),
      resolutionDueAt: ticket.deadlines.resolutionDueAt,
    });
  });

  it('should count the make-up Saturday after Labour Day when dispatched the Thursday before it', async () => {
    // 05-01..05 off; Saturday 05-09 is a make-up workday: 5 working days = 05-06, 07, 08, 09, 11
    const id = await dispatchAt('2026-04-30 16:00');
    expect(await shown(id)).toMatchObject({ acceptDueAt: '2026-05-06 16:00', resolutionDueAt: '2026-05-11 16:00' });
    const urgent = await dispatchAt('2026-04-30 16:00', { appealType: 'complaint', urgency: 'urgent' });
    // urgent clocks run on the wall clock through the holiday
    expect(await shown(urgent)).toMatchObject({ acceptDueAt: '2026-04-30 16:30', resolutionDueAt: '2026-05-01 16:00' });
  });

  it('should satisfy clocks, move the resolution deadline by an approved extension and start the callback clock', async () => {
    const id = await dispatchAt('2026-03-02 10:00'); // Monday: resolution due Monday 03-09 10:00
    clock.set(at('2026-03-02 10:30'));
    await d.ok(t.market, id, 'accept');
    expect(show((await deadlines(id)).nextDeadlineAt)).toBe('2026-03-03 10:00'); // first contact
    await d.ok(t.market, id, 'record-contact', { content: '已电话联系' });
    expect(show((await deadlines(id)).nextDeadlineAt)).toBe('2026-03-09 10:00'); // resolution

    await d.ok(t.market, id, 'request-extension', { extensionDays: 3, reason: '需现场核查' });
    await d.ok(t.supervisor, id, 'decide-extension', { decision: 'reject', reason: '理由不足' });
    expect(show((await deadlines(id)).resolutionDueAt)).toBe('2026-03-09 10:00');
    await d.ok(t.market, id, 'request-extension', { extensionDays: 3, reason: '需现场核查' });
    await d.ok(t.supervisor, id, 'decide-extension', { decision: 'approve' });
    expect(await shown(id)).toMatchObject({ resolutionDueAt: '2026-03-12 10:00', nextDeadlineAt: '2026-03-12 10:00' });
    // 3 granted: 8 more would pass the 10-working-day cap
    const tooMuch = await d.act(t.market, id, 'request-extension', { extensionDays: 8, reason: '还要更久' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.code).toBe('SLA_EXTENSION_LIMIT');

    clock.set(at('2026-03-05 09:00'));
    await d.ok(t.market, id, 'reply', { content: '已处理' });
    expect((await deadlines(id)).nextDeadlineAt).toBeNull(); // the centre reviews; no unit clock runs
    clock.set(at('2026-03-05 15:00'));
    await d.ok(t.supervisor, id, 'review', { decision: 'approve' });
    expect(await shown(id)).toMatchObject({ callbackDueAt: '2026-03-06 15:00', nextDeadlineAt: '2026-03-06 15:00' });
    clock.set(at('2026-03-06 09:00'));
    await d.ok(t.agent, id, 'callback', { solved: false, satisfaction: 'dissatisfied' });
    // reopened: a new resolution clock from the callback
    expect(await shown(id)).toMatchObject({ resolutionDueAt: '2026-03-13 09:00', nextDeadlineAt: '2026-03-13 09:00' });
  });

  it('should pause resolution while suspended and move it by the suspended working time on resume', async () => {
    const id = await dispatchAt('2026-03-02 10:00');
    await d.ok(t.market, id, 'accept');
    await d.ok(t.market, id, 'record-contact', { content: '已联系' });
    clock.set(at('2026-03-03 10:00'));
    await d.ok(t.market, id, 'request-suspension', { suspensionDays: 5, reason: '等待司法鉴定' });
    await d.ok(t.supervisor, id, 'decide-suspension', { decision: 'approve' });
    expect((await deadlines(id)).nextDeadlineAt).toBeNull();
    clock.set(at('2026-03-05 10:00'));
    await d.ok(t.market, id, 'resume');
    expect(await shown(id)).toMatchObject({ resolutionDueAt: '2026-03-11 10:00', nextDeadlineAt: '2026-03-11 10:00' });
  });

  it('should clear the clocks of a returned ticket and start them again on the next dispatch', async () => {
    const id = await dispatchAt('2026-03-02 10:00');
    await d.ok(t.market, id, 'request-return', { reason: '不属于本单位职责' });
    await d.ok(t.dispatcher, id, 'decide-return', { decision: 'approve' });
    expect(await deadlines(id)).toMatchObject({ acceptDueAt: null, resolutionDueAt: null, nextDeadlineAt: null });
    const records = await sql<{ returned: number; unit_id: number }>(
      app,
      'SELECT returned, unit_id FROM sla_assignments WHERE ticket_id = ? ORDER BY id',
      [id],
    );
    expect(records.map((r) => [Number(r.returned), Number(r.unit_id)])).toEqual([[1, market]]);
  });

  it('should fall back to wall-clock days, flagged in the event, when a deadline reaches an uncovered year', async () => {
    const id = await dispatchAt('2026-12-30 10:00');
    // chinese-days has no 2027: 5 working days become 5 × 24 h, never Monday–Friday guesswork
    expect(await shown(id)).toMatchObject({ acceptDueAt: '2026-12-31 10:00', resolutionDueAt: '2027-01-04 10:00' });
    const events = (await d.get(t.agent, id)).body.events as { action: string; payload: { sla?: object } }[];
    expect(events.find((e) => e.action === 'dispatch')?.payload.sla).toMatchObject({
      calendarFallback: { uncoveredYears: [2027] },
    });
    const [record] = await sql<{ calendar_fallback: number }>(
      app,
      'SELECT calendar_fallback FROM sla_assignments WHERE ticket_id = ?',
      [id],
    );
    expect(Number(record!.calendar_fallback)).toBe(1);
  });

  /** `npm run cli -- sla:deadline` (the build the global setup made) against the test database. */
  const slaDeadline = () =>
    spawnSync(
      process.execPath,
      [
        join(__dirname, '../../../dist/src/cli.js'),
        'sla:deadline',
        '--from',
        '2026-12-30T10:00:00+08:00',
        '--working-days',
        '5',
      ],
      { encoding: 'utf8' },
    );

  it("should compute deadlines on a year's holiday notice an admin entered, audited, and refuse a wrong one", async () => {
    const server = app.getHttpServer();
    // a test arrangement for 2027, not the official notice: New Year's Day Friday to Sunday off
    const notice = {
      holidays: [{ from: '2027-01-01', to: '2027-01-03', name: '元旦' }],
      makeUpWorkdays: [],
      source: 'e2e test arrangement',
    };
    const health = async () =>
      (await request(server).get('/api/health')).body.details.calendar as {
        uncoveredYears: number[];
        coveredYears: { to: number };
      };
    clock.set(at('2026-12-30 10:00'));
    expect((await health()).uncoveredYears).toEqual([2027]);
    const refused = [
      await request(server).put('/api/admin/calendar-years/2027').set(bearer(t.supervisor)).send(notice),
      await request(server)
        .put('/api/admin/calendar-years/2027')
        .set(bearer(t.admin))
        .send({ ...notice, makeUpWorkdays: ['2027-01-06'] }),
      await request(server)
        .put('/api/admin/calendar-years/2027')
        .set(bearer(t.admin))
        .send({ ...notice, holidays: [{ from: '2027-01-01', to: '2028-01-01', name: '元旦' }] }),
      await request(server).put('/api/admin/calendar-years/2027').set(bearer(t.admin)).send({ source: 'x' }),
      await request(server).put('/api/admin/calendar-years/20x7').set(bearer(t.admin)).send(notice),
    ];
    expect(refused.map((r) => [r.status, (r.body as { code: string }).code])).toEqual([
      [403, 'ROLE_NOT_ALLOWED'],
      [400, 'sla.invalid_calendar'],
      [400, 'sla.invalid_calendar'],
      [400, 'VALIDATION_FAILED'],
      [400, expect.any(String)],
    ]);
    expect(refused[1]!.body.message).toContain('2027-01-06 is a weekday');
    expect((await request(server).get('/api/admin/calendar-years').set(bearer(t.admin)).expect(200)).body).toEqual([]);

    try {
      const entered = await request(server).put('/api/admin/calendar-years/2027').set(bearer(t.admin)).send(notice);
      expect(entered.status).toBe(200);
      expect(entered.body).toMatchObject({ year: 2027, holidays: notice.holidays, source: 'e2e test arrangement' });
      expect(await health()).toMatchObject({ uncoveredYears: [], coveredYears: { to: 2027 } });
      // five working days from Wednesday: Thursday, then Monday to Thursday after the New Year block
      const id = await dispatchAt('2026-12-30 10:00');
      expect(await shown(id)).toMatchObject({ acceptDueAt: '2026-12-31 10:00', resolutionDueAt: '2027-01-07 10:00' });
      const events = (await d.get(t.agent, id)).body.events as { action: string; payload: { sla?: object } }[];
      expect(events.find((e) => e.action === 'dispatch')?.payload.sla).not.toHaveProperty('calendarFallback');
      // entered again, corrected: a make-up Saturday moves the deadline a day earlier
      await request(server)
        .put('/api/admin/calendar-years/2027')
        .set(bearer(t.admin))
        .send({
          ...notice,
          makeUpWorkdays: ['2027-01-02'],
          holidays: [{ from: '2027-01-01', to: '2027-01-01', name: '元旦' }],
        })
        .expect(200);
      expect(await shown(await dispatchAt('2026-12-30 10:00'))).toMatchObject({ resolutionDueAt: '2027-01-06 10:00' });
      // a past assessment is never rewritten
      expect(await shown(id)).toMatchObject({ resolutionDueAt: '2027-01-07 10:00' });
      // the command line computes on it too
      expect(slaDeadline().stdout.trim()).toBe('2027-01-06T10:00:00.000+08:00');
    } finally {
      await request(server).delete('/api/admin/calendar-years/2027').set(bearer(t.admin)).expect(204);
    }
    expect((await health()).uncoveredYears).toEqual([2027]);
    expect(await shown(await dispatchAt('2026-12-30 10:00'))).toMatchObject({ resolutionDueAt: '2027-01-04 10:00' });
    expect(slaDeadline()).toMatchObject({
      status: 3,
      stderr: expect.stringContaining('PUT /api/admin/calendar-years/2027'),
    });
    const missing = await request(server).delete('/api/admin/calendar-years/2027').set(bearer(t.admin));
    expect([missing.status, missing.body.code]).toEqual([404, 'CALENDAR_YEAR_NOT_FOUND']);
    // the admin finds the changes in the audit log, newest first
    const audit = await request(server)
      .get('/api/admin/audit')
      .query({ entityType: 'calendar_year', entityId: '2027' })
      .set(bearer(t.admin))
      .expect(200);
    expect((audit.body.items as { action: string }[]).map((a) => a.action)).toEqual(['delete', 'update', 'create']);
    // a notice spoiled by hand in the database is ignored, not the end of the calendar
    await sql(
      app,
      `INSERT INTO calendar_years (year, holidays, make_up_workdays, source) VALUES (2027, ?, '[]', 'spoiled')`,
      [JSON.stringify([{ from: '2027-01-05', to: '2027-01-01', name: '元旦' }])],
    );
    try {
      await app.get(CalendarService).reload();
      expect((await health()).uncoveredYears).toEqual([2027]);
    } finally {
      await sql(app, 'DELETE FROM calendar_years WHERE year = 2027');
    }
  });

  it('should use an admin calendar override, audited, and keep past deadlines when it changes', async () => {
    const server = app.getHttpServer();
    const created = await request(server)
      .post('/api/admin/calendar-overrides')
      .set(bearer(t.admin))
      .send({ date: '2026-05-06', kind: 'holiday', note: '县庆' });
    expect(created.status).toBe(201);
    const id = await dispatchAt('2026-04-30 16:00');
    expect(await shown(id)).toMatchObject({ acceptDueAt: '2026-05-07 16:00', resolutionDueAt: '2026-05-12 16:00' });
    expect(
      (
        await request(server)
          .post('/api/admin/calendar-overrides')
          .set(bearer(t.admin))
          .send({ date: '2026-05-06', kind: 'workday' })
      ).body.code,
    ).toBe('CALENDAR_OVERRIDE_EXISTS');
    expect(
      (
        await request(server)
          .post('/api/admin/calendar-overrides')
          .set(bearer(t.supervisor))
          .send({ date: '2026-05-08', kind: 'holiday' })
      ).status,
    ).toBe(403);
    await request(server).delete(`/api/admin/calendar-overrides/${created.body.id}`).set(bearer(t.admin)).expect(204);
    // a past assessment is never rewritten
    expect(await shown(id)).toMatchObject({ acceptDueAt: '2026-05-07 16:00' });
    const again = await dispatchAt('2026-04-30 16:00');
    expect(await shown(again)).toMatchObject({ acceptDueAt: '2026-05-06 16:00' });
    const audit = await request(server)
      .get('/api/admin/audit')
      .query({ entityType: 'calendar_override', entityId: String(created.body.id) })
      .set(bearer(t.admin))
      .expect(200);
    expect((audit.body.items as { action: string }[]).map((a) => a.action)).toEqual(['delete', 'create']);
  });

  it('should time tickets by the most specific SLA policy, versioned, without rewriting dispatched tickets', async () => {
    const server = app.getHttpServer();
    const policy = await request(server)
      .post('/api/admin/sla-policies')
      .set(bearer(t.admin))
      .send({ appealType: 'suggestion', urgency: 'normal', resolution: { amount: 20, unit: 'working_days' } });
    expect(policy.status).toBe(201);
    const first = await dispatchAt('2026-03-02 10:00', { appealType: 'suggestion' });
    expect(await shown(first)).toMatchObject({ acceptDueAt: '2026-03-03 10:00', resolutionDueAt: '2026-03-30 10:00' });
    const policyVersion = async (id: number): Promise<number> =>
      Number((await sql<{ v: number }>(app, 'SELECT sla_policy_version AS v FROM tickets WHERE id = ?', [id]))[0]!.v);
    const firstVersion = await policyVersion(first);
    expect(firstVersion).toBe(policy.body.version);

    const edited = await request(server)
      .patch(`/api/admin/sla-policies/${policy.body.policyId}`)
      .set(bearer(t.admin))
      .send({ resolution: { amount: 10, unit: 'working_days' } });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBeGreaterThan(firstVersion);
    const second = await dispatchAt('2026-03-02 10:00', { appealType: 'suggestion' });
    expect(await shown(second)).toMatchObject({ resolutionDueAt: '2026-03-16 10:00' });
    expect(await policyVersion(second)).toBe(edited.body.version);
    expect(await shown(first)).toMatchObject({ resolutionDueAt: '2026-03-30 10:00' });

    const history = await request(server).get(`/api/admin/sla-policies/${policy.body.policyId}`).set(bearer(t.admin));
    expect(history.body.map((v: { active: boolean }) => v.active)).toEqual([true, false]);
    const refused = await request(server)
      .post('/api/admin/sla-policies')
      .set(bearer(t.admin))
      .send({ appealType: 'suggestion', urgency: 'normal', accept: { amount: 2, unit: 'working_days' } });
    expect(refused.body.code).toBe('SLA_POLICY_DUPLICATE');
    const bad = await request(server)
      .post('/api/admin/sla-policies')
      .set(bearer(t.admin))
      .send({ urgency: 'urgent', resolution: { amount: 1.5, unit: 'working_days' } });
    expect(bad.status).toBe(400);
    await request(server).get('/api/admin/sla-policies').set(bearer(t.supervisor)).expect(403);
    const audit = await sql<{ action: string }>(
      app,
      "SELECT action FROM audit_log WHERE entity_type = 'sla_policy' AND entity_id = ? ORDER BY id",
      [String(policy.body.policyId)],
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('should report the calendar coverage in the health check: listed, then a warning, then down', async () => {
    const server = app.getHttpServer();
    clock.set(at('2026-11-26 10:00'));
    const now = await request(server).get('/api/health').expect(200);
    expect(now.body.details.calendar).toMatchObject({ status: 'up', uncoveredYears: [2027] });
    expect(now.body.details.calendar.warning).toBeUndefined();
    clock.set(at('2026-12-15 10:00'));
    const soon = await request(server).get('/api/health').expect(200);
    expect(soon.body.details.calendar.warning).toMatch(/2027/);
    clock.set(at('2027-01-02 10:00'));
    // the global error filter keeps a 503's body to { statusCode, code, message }: the details come from the service
    await request(server).get('/api/health').expect(503);
    expect(app.get(CalendarService).health()).toMatchObject({ status: 'down', uncoveredYears: [2027, 2028] });
  });
});
