import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer, createTestApp } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';

describe('Ticket workflow (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let market: number;
  let gucheng: number;
  let guchengVillage: number;
  let guchengVillageClerk: string;

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    market = await unitId(app, 'dept-market');
    gucheng = await unitId(app, 'tn-gucheng');
    // a village unit below 古城街道 that has a demo clerk
    const [row] = (await app
      .get(DataSource)
      .query(
        "SELECT u.id, u.code FROM units u JOIN users s ON s.username = CONCAT('clerk-', u.code) WHERE u.kind = 'village' AND u.parent_id = ? ORDER BY u.id LIMIT 1",
        [gucheng],
      )) as { id: number; code: string }[];
    guchengVillage = Number(row.id);
    const login = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: `clerk-${row.code}`, password: 'Demo@12345678' });
    guchengVillageClerk = login.body.accessToken as string;
  });

  afterAll(async () => {
    await app.close();
  });

  it('should give each new ticket a unique number of the day, with two api processes taking numbers at once', async () => {
    // a second app stands for a second api process: its own reserved blocks, the same counter row
    const second = await createTestApp();
    try {
      const other = new TicketDriver(second);
      const tickets = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? d : other).create(t.agent)));
      const numbers = new Set(tickets.map((x) => x.number));
      expect(numbers.size).toBe(40);
      const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
      for (const n of numbers) expect(n).toMatch(new RegExp(`^${day}-\\d{6}$`));
      // what is stored is what was answered, and the day's counter is past every number handed out
      const rows = (await app
        .get(DataSource)
        .query('SELECT number FROM tickets WHERE id IN (?)', [tickets.map((x) => x.id)])) as { number: string }[];
      expect(new Set(rows.map((r) => r.number))).toEqual(numbers);
      const [counter] = (await app
        .get(DataSource)
        .query('SELECT last_value AS lastValue FROM ticket_number_sequences WHERE day = ?', [day])) as {
        lastValue: number;
      }[];
      expect(Number(counter!.lastValue)).toBeGreaterThanOrEqual(
        Math.max(...[...numbers].map((n) => Number(n.slice(9)))),
      );
    } finally {
      await second.close();
    }
  });

  it('should walk the whole path: dispatch, forward, contact, extension, send-back, reopen, close', async () => {
    const { id } = await d.create(t.agent);
    await d.ok(t.agent, id, 'submit');
    await d.ok(t.dispatcher, id, 'dispatch', { unitId: gucheng });
    expect(await d.status(id)).toBe('assigned');
    await d.ok(t.gucheng, id, 'accept');
    // forward down to a village of the township; the village must sign for it again
    await d.ok(t.gucheng, id, 'forward', { unitId: guchengVillage, reason: '属地村委会处理' });
    expect(await d.status(id)).toBe('assigned');
    await d.ok(guchengVillageClerk, id, 'accept');
    await d.ok(guchengVillageClerk, id, 'record-contact', { content: '已电话联系王先生，约定明日上门' });
    await d.ok(guchengVillageClerk, id, 'request-extension', { extensionDays: 3, reason: '需协调摊主' });
    await d.ok(t.supervisor, id, 'decide-extension', { decision: 'approve' });
    await d.ok(guchengVillageClerk, id, 'reply', { content: '已约谈摊主，调整营业时间' });
    await d.ok(t.supervisor, id, 'review', { decision: 'send_back', reason: '回复未说明整改结果' });
    expect(await d.status(id)).toBe('accepted');
    await d.ok(guchengVillageClerk, id, 'reply', { content: '摊主已搬离，现场复查无油烟' });
    await d.ok(t.supervisor, id, 'review', { decision: 'approve' });
    expect(await d.status(id)).toBe('pending_callback');
    await d.ok(t.agent, id, 'callback', { solved: false, satisfaction: 'dissatisfied', content: '仍有噪音' });
    expect(await d.status(id)).toBe('accepted');
    await d.ok(guchengVillageClerk, id, 'reply', { content: '已协调城管夜间巡查' });
    await d.ok(t.supervisor, id, 'review', { decision: 'approve' });
    const closed = await d.ok(t.agent, id, 'callback', { solved: true, satisfaction: 'satisfied' });
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    expect(closed.body.firstContactAt).not.toBeNull();
    expect(closed.body.events.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'submit',
      'dispatch',
      'accept',
      'forward',
      'accept',
      'record-contact',
      'request-extension',
      'decide-extension',
      'reply',
      'review',
      'reply',
      'review',
      'callback',
      'reply',
      'review',
      'callback',
    ]);
    // the township still sees the ticket it forwarded down
    await d.get(t.gucheng, id).expect(200);
    await d.expectTimelineReplays(id);
  });

  it('should create and submit in one step', async () => {
    const { id } = await d.create(t.agent, { submit: true });
    const detail = (await d.get(t.agent, id).expect(200)).body;
    expect(detail.status).toBe('pending_dispatch');
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['created', 'submit']);
    await d.expectTimelineReplays(id);
  });

  it('should end a ticket on the call, as invalid, handed over to 119, or merged into a master', async () => {
    const onCall = await d.create(t.agent);
    await d.ok(t.agent, onCall.id, 'resolve-on-call', { content: '已告知办理地点和所需材料' });
    expect(await d.status(onCall.id)).toBe('resolved_on_call');

    const invalid = await d.create(t.agent);
    expect((await d.act(t.agent, invalid.id, 'mark-invalid')).body.code).toBe('REASON_REQUIRED');
    await d.ok(t.agent, invalid.id, 'mark-invalid', { reason: '无声电话' });
    expect(await d.status(invalid.id)).toBe('invalid');

    const fire = await d.create(t.agent, { description: '楼道里着火了，有浓烟', urgency: 'critical' });
    await d.ok(t.agent, fire.id, 'hand-over', { handOverTo: '119' });
    expect((await d.get(t.agent, fire.id)).body.handOverTo).toBe('119');

    const master = await d.create(t.agent);
    const duplicate = await d.create(t.agent);
    await d.ok(t.agent, duplicate.id, 'merge', { masterTicketId: master.id });
    expect((await d.get(t.agent, duplicate.id)).body.masterTicketId).toBe(master.id);
    const masterEvents = (await d.get(t.agent, master.id)).body.events.map((e: { action: string }) => e.action);
    expect(masterEvents).toContain('duplicate-linked');
    expect((await d.act(t.agent, master.id, 'merge', { masterTicketId: master.id })).body.code).toBe(
      'MERGE_TARGET_INVALID',
    );

    for (const x of [onCall, invalid, fire, master, duplicate]) await d.expectTimelineReplays(x.id);
  });

  it('should send an approved return back to the pool and keep a rejected one with the unit', async () => {
    const approved = await d.create(t.agent);
    await d.ok(t.agent, approved.id, 'submit');
    await d.ok(t.dispatcher, approved.id, 'dispatch', { unitId: market });
    await d.ok(t.market, approved.id, 'request-return', { reason: '不属于市场监管职责' });
    expect((await d.get(t.market, approved.id)).body.pendingRequest).toBe('return');
    // while the return waits, the unit may not reply
    expect((await d.act(t.market, approved.id, 'reply', { content: 'x' })).status).toBe(409);
    await d.ok(t.dispatcher, approved.id, 'decide-return', { decision: 'approve' });
    expect(await d.status(approved.id)).toBe('pending_dispatch');
    // the unit no longer sees it
    await d.get(t.market, approved.id).expect(404);

    const rejected = await d.create(t.agent);
    await d.ok(t.agent, rejected.id, 'submit');
    await d.ok(t.dispatcher, rejected.id, 'dispatch', { unitId: market });
    await d.ok(t.market, rejected.id, 'accept');
    await d.ok(t.market, rejected.id, 'request-return', { reason: '建议转住建' });
    expect((await d.act(t.dispatcher, rejected.id, 'decide-return', { decision: 'reject' })).body.code).toBe(
      'REASON_REQUIRED',
    );
    await d.ok(t.dispatcher, rejected.id, 'decide-return', {
      decision: 'reject',
      reason: '属市场监管职责，请继续办理',
    });
    const after = (await d.get(t.market, rejected.id)).body;
    expect(after.status).toBe('accepted');
    expect(after.pendingRequest).toBeNull();
    expect(after.primaryUnitId).toBe(market);
    await d.expectTimelineReplays(approved.id);
    await d.expectTimelineReplays(rejected.id);
  });

  it('should suspend on approval and resume', async () => {
    const { id } = await d.create(t.agent);
    await d.ok(t.agent, id, 'submit');
    await d.ok(t.dispatcher, id, 'dispatch', { unitId: market });
    await d.ok(t.market, id, 'accept');
    await d.ok(t.market, id, 'request-suspension', { suspensionDays: 10, reason: '等待司法鉴定结果' });
    await d.ok(t.supervisor, id, 'decide-suspension', { decision: 'approve' });
    expect(await d.status(id)).toBe('suspended');
    expect((await d.act(t.market, id, 'reply', { content: 'x' })).body.code).toBe('TRANSITION_NOT_ALLOWED');
    await d.ok(t.market, id, 'resume');
    expect(await d.status(id)).toBe('accepted');
    await d.expectTimelineReplays(id);
  });

  it('should let a co-handler add its part but not reply', async () => {
    const { id } = await d.create(t.agent);
    await d.ok(t.agent, id, 'submit');
    await d.ok(t.dispatcher, id, 'dispatch', { unitId: gucheng, coHandlerUnitIds: [market] });
    await d.ok(t.gucheng, id, 'accept');
    await d.ok(t.market, id, 'add-part', { content: '已对涉事商户开展检查' });
    expect((await d.act(t.market, id, 'reply', { content: '越权回复' })).body.code).toBe('OUT_OF_SCOPE');
    const detail = (await d.get(t.supervisor, id)).body;
    expect(detail.units).toEqual(
      expect.arrayContaining([{ unitId: market, role: 'co_handler', part: '已对涉事商户开展检查' }]),
    );
    expect(detail.coHandlerUnitIds).toEqual([market]);
  });

  it('should let supervisors urge and supervise any open ticket', async () => {
    const { id } = await d.create(t.agent);
    await d.ok(t.agent, id, 'submit');
    await d.ok(t.supervisor, id, 'urge', { content: '请尽快派单' });
    await d.ok(t.dispatcher, id, 'dispatch', { unitId: market });
    await d.ok(t.supervisor, id, 'supervise', { reason: '群众反映强烈，列入督办' });
    expect((await d.act(t.agent, id, 'urge')).body.code).toBe('ROLE_NOT_ALLOWED');
    await d.expectTimelineReplays(id);
  });

  it('should refuse a forward sideways or up', async () => {
    const { id } = await d.create(t.agent);
    await d.ok(t.agent, id, 'submit');
    await d.ok(t.dispatcher, id, 'dispatch', { unitId: gucheng });
    await d.ok(t.gucheng, id, 'accept');
    const sideways = await d.act(t.gucheng, id, 'forward', { unitId: market, reason: 'x' });
    expect(sideways.status).toBe(400);
    expect(sideways.body.code).toBe('FORWARD_TARGET_INVALID');
    expect(await d.status(id)).toBe('accepted');
  });

  it('should list with filters and keyset pages', async () => {
    const server = app.getHttpServer();
    const created = [];
    for (let i = 0; i < 5; i++)
      created.push(await d.create(t.agent, { description: `分页测试工单 ${i} 独特文本甲乙丙` }));
    const page1 = await request(server)
      .get('/api/tickets')
      .query({ q: '独特文本甲乙丙', limit: 3 })
      .set(bearer(t.agent))
      .expect(200);
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.items[0].id).toBe(created[4].id);
    const page2 = await request(server)
      .get('/api/tickets')
      .query({ q: '独特文本甲乙丙', limit: 3, cursor: page1.body.nextCursor })
      .set(bearer(t.agent))
      .expect(200);
    expect(page2.body.items.map((x: { id: number }) => x.id)).toEqual([created[1].id, created[0].id]);
    expect(page2.body.nextCursor).toBeNull();
    const byNumber = await request(server)
      .get('/api/tickets')
      .query({ number: created[2].number })
      .set(bearer(t.agent))
      .expect(200);
    expect(byNumber.body.items.map((x: { id: number }) => x.id)).toEqual([created[2].id]);
    const byStatus = await request(server)
      .get('/api/tickets')
      .query({ status: 'closed,merged', limit: 200 })
      .set(bearer(t.supervisor))
      .expect(200);
    expect(byStatus.body.items.every((x: { status: string }) => ['closed', 'merged'].includes(x.status))).toBe(true);
    // area and category filters take whole subtrees: a township finds its villages' tickets, a group its leaves
    const db = app.get(DataSource);
    const [leaf] = (await db.query(
      "SELECT c.id, c.parent_id AS parentId FROM categories c WHERE c.code = 'labour.unpaid-wages'",
    )) as {
      id: number;
      parentId: number;
    }[];
    const [village] = (await db.query(
      "SELECT id, parent_id AS parentId FROM areas WHERE level = 'village' ORDER BY id LIMIT 1",
    )) as {
      id: number;
      parentId: number;
    }[];
    const placed = await d.create(t.agent, {
      description: '子树筛选测试 拖欠工资',
      categoryId: leaf!.id,
      areaId: village!.id,
    });
    for (const filter of [
      { categoryId: leaf!.parentId },
      { areaId: village!.parentId },
      { categoryId: leaf!.id, areaId: village!.id },
    ]) {
      const found = await request(server)
        .get('/api/tickets')
        .query({ ...filter, q: '子树筛选测试' })
        .set(bearer(t.agent))
        .expect(200);
      expect(found.body.items.map((x: { id: number }) => x.id)).toEqual([placed.id]);
    }
    // 我的工单 and the approvals queue
    const mine = await request(server)
      .get('/api/tickets')
      .query({ mine: true, limit: 200 })
      .set(bearer(t.agent))
      .expect(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    const others = await request(server)
      .get('/api/tickets')
      .query({ mine: true })
      .set(bearer(t.dispatcher))
      .expect(200);
    expect(others.body.items).toEqual([]);
    const waiting = await request(server)
      .get('/api/tickets')
      .query({ pendingRequest: 'return', limit: 200 })
      .set(bearer(t.dispatcher))
      .expect(200);
    expect(waiting.body.items.every((x: { pendingRequest: string }) => x.pendingRequest === 'return')).toBe(true);
    const bad = await request(server).get('/api/tickets').query({ status: 'lost' }).set(bearer(t.agent)).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
