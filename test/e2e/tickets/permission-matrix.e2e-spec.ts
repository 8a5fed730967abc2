import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { createTestApp, login } from '../../app';
import { loginAll, TicketDriver, Tokens, unitId } from '../../factories/tickets';

type ActorName = 'agent' | 'dispatcher' | 'supervisor' | 'primaryClerk' | 'coClerk' | 'otherClerk';
type Setup =
  | 'new'
  | 'pending_dispatch'
  | 'assigned'
  | 'accepted'
  | 'replied'
  | 'pending_callback'
  | 'pendingExtension'
  | 'pendingSuspension'
  | 'pendingReturn'
  | 'suspended';

/**
 * Every action, tried by every kind of actor on a ticket in the state where the action belongs,
 * against a matrix written out by hand from the workflow (not derived from the code's table).
 * The primary unit is 古城街道, 县市场监管局 co-handles, 县人社局 has nothing to do with the ticket.
 */
const MATRIX: [action: string, setup: Setup, allowed: ActorName[]][] = [
  ['submit', 'new', ['agent']],
  ['resolve-on-call', 'new', ['agent']],
  ['mark-invalid', 'new', ['agent']],
  ['hand-over', 'new', ['agent']],
  ['merge', 'new', ['agent', 'dispatcher']],
  ['dispatch', 'pending_dispatch', ['dispatcher']],
  ['accept', 'assigned', ['primaryClerk']],
  ['request-return', 'assigned', ['primaryClerk']],
  ['forward', 'accepted', ['primaryClerk']],
  ['record-contact', 'accepted', ['primaryClerk', 'coClerk']],
  ['request-extension', 'accepted', ['primaryClerk']],
  ['request-suspension', 'accepted', ['primaryClerk']],
  ['reply', 'accepted', ['primaryClerk']],
  ['add-part', 'accepted', ['coClerk']],
  ['urge', 'accepted', ['supervisor']],
  ['supervise', 'accepted', ['supervisor']],
  ['reveal-phone', 'accepted', ['primaryClerk', 'coClerk']],
  ['decide-extension', 'pendingExtension', ['supervisor']],
  ['decide-suspension', 'pendingSuspension', ['supervisor']],
  ['decide-return', 'pendingReturn', ['dispatcher']],
  ['resume', 'suspended', ['primaryClerk', 'supervisor']],
  ['review', 'replied', ['supervisor']],
  ['callback', 'pending_callback', ['agent']],
];

const ACTORS: ActorName[] = ['agent', 'dispatcher', 'supervisor', 'primaryClerk', 'coClerk', 'otherClerk'];

describe('Ticket permission matrix (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let tokens: Record<ActorName, string>;
  let gucheng: number;
  let market: number;
  let village: number;

  beforeAll(async () => {
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    gucheng = await unitId(app, 'tn-gucheng');
    market = await unitId(app, 'dept-market');
    const [row] = (await app
      .get(DataSource)
      .query("SELECT id FROM units WHERE kind = 'village' AND parent_id = ? ORDER BY id LIMIT 1", [gucheng])) as {
      id: number;
    }[];
    village = Number(row.id);
    tokens = {
      agent: t.agent,
      dispatcher: t.dispatcher,
      supervisor: t.supervisor,
      primaryClerk: t.gucheng,
      coClerk: t.market,
      otherClerk: await login(app, 'clerk-dept-hrss'),
    };
  });

  afterAll(async () => {
    await app.close();
  });

  async function ticketIn(setup: Setup): Promise<number> {
    const { id } = await d.create(t.agent);
    if (setup === 'new') return id;
    await d.ok(t.agent, id, 'submit');
    if (setup === 'pending_dispatch') return id;
    await d.ok(t.dispatcher, id, 'dispatch', { unitId: gucheng, coHandlerUnitIds: [market] });
    if (setup === 'assigned') return id;
    await d.ok(t.gucheng, id, 'accept');
    switch (setup) {
      case 'accepted':
        return id;
      case 'pendingExtension':
        await d.ok(t.gucheng, id, 'request-extension', { extensionDays: 2, reason: '需要时间' });
        return id;
      case 'pendingReturn':
        await d.ok(t.gucheng, id, 'request-return', { reason: '非本单位职责' });
        return id;
      case 'pendingSuspension':
      case 'suspended':
        await d.ok(t.gucheng, id, 'request-suspension', { suspensionDays: 5, reason: '等待鉴定' });
        if (setup === 'suspended') await d.ok(t.supervisor, id, 'decide-suspension', { decision: 'approve' });
        return id;
      case 'replied':
      case 'pending_callback':
        break;
    }
    await d.ok(t.gucheng, id, 'reply', { content: '已处理完毕' });
    if (setup === 'replied') return id;
    await d.ok(t.supervisor, id, 'review', { decision: 'approve' });
    return id;
  }

  async function bodyFor(action: string): Promise<Record<string, unknown>> {
    switch (action) {
      case 'resolve-on-call':
      case 'record-contact':
      case 'reply':
      case 'add-part':
        return { content: '处理说明' };
      case 'mark-invalid':
      case 'request-return':
      case 'supervise':
      case 'reveal-phone':
        return { reason: '理由' };
      case 'hand-over':
        return { handOverTo: '110' };
      case 'merge':
        return { masterTicketId: (await d.create(t.agent)).id };
      case 'dispatch':
        return { unitId: gucheng, coHandlerUnitIds: [market] };
      case 'forward':
        return { unitId: village };
      case 'request-extension':
        return { extensionDays: 2, reason: '理由' };
      case 'request-suspension':
        return { suspensionDays: 5, reason: '理由' };
      case 'decide-extension':
      case 'decide-suspension':
      case 'decide-return':
      case 'review':
        return { decision: 'approve' };
      case 'callback':
        return { solved: true, satisfaction: 'satisfied' };
      default:
        return {};
    }
  }

  it.each(MATRIX)('%s in %s: only %j may', async (action, setup, allowed) => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const actor of ACTORS) {
      const id = await ticketIn(setup);
      const before = await d.eventCount(id);
      const response = await d.act(tokens[actor], id, action, await bodyFor(action));
      const ok = response.status === 200;
      outcomes[actor] = ok ? 'allowed' : `refused`;
      expected[actor] = allowed.includes(actor) ? 'allowed' : 'refused';
      if (!ok) {
        // refusals are 403/404/409 with a code, and leave the ticket as it was
        expect([403, 404, 409]).toContain(response.status);
        expect(typeof response.body.code).toBe('string');
        expect(await d.eventCount(id)).toBe(before);
        // a clerk of an unrelated unit never learns the ticket exists
        if (actor === 'otherClerk') expect(response.status).toBe(404);
      } else {
        await d.expectTimelineReplays(id);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
