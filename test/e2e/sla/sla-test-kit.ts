import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { Clock } from '../../../src/sla/clock';
import { parseShanghaiInstant } from '../../../src/sla/shanghai-time';
import { bearer, DEMO_PASSWORD, login } from '../../app';
import { TicketDriver } from '../../factories/tickets';

/** A Shanghai wall-clock instant, e.g. at('2026-04-03 15:00'). */
export const at = (text: string): Date => new Date(parseShanghaiInstant(text.replace(' ', 'T')));

/** Takes over the app's SLA Clock: `set(instant)` makes it answer that instant, `set(null)` the real time. */
export function controlClock(app: INestApplication<App>): { set(instant: Date | null): void } {
  const clock = app.get(Clock);
  const real = clock.now.bind(clock);
  let current: Date | null = null;
  jest.spyOn(clock, 'now').mockImplementation(() => (current ? new Date(current.getTime()) : real()));
  return {
    set(instant: Date | null): void {
      current = instant;
    },
  };
}

export async function sql<T = Record<string, unknown>>(
  app: INestApplication<App>,
  query: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await app.get(DataSource).query(query, params)) as T[];
}

/** Polls until `check` returns true, for at most `ms`; never a fixed sleep. */
export async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A plain consultation: nothing in it for the classifier to raise the urgency for. */
export const PLAIN_APPEAL = '咨询社保卡丢失后补办需要带哪些材料，在哪个窗口办理';

/**
 * Submits and dispatches a new ticket to `unitId`. The dispatch pipeline classifies the submitted
 * ticket (and may dispatch it itself): we wait for its verdict first, so that our dispatch starts
 * the clocks on the final urgency, retry a version conflict, and a dispatch from `assigned` is a
 * re-dispatch, which starts the clocks again at our instant.
 */
export async function createDispatched(
  d: TicketDriver,
  tokens: { agent: string; dispatcher: string },
  unitId: number,
  body: Record<string, unknown> = {},
): Promise<number> {
  const { id } = await d.create(tokens.agent, { description: PLAIN_APPEAL, ...body });
  await d.ok(tokens.agent, id, 'submit');
  await waitFor(async () => (await d.get(tokens.agent, id)).body.classification !== null, 3000, 'classification').catch(
    () => undefined, // no pipeline running: nothing to wait for
  );
  const until = Date.now() + 10_000;
  for (;;) {
    const response = await d.act(tokens.dispatcher, id, 'dispatch', { unitId });
    if (response.status === 201 || response.status === 200) return id;
    const retry = response.body.code === 'TICKET_VERSION_CONFLICT' || response.body.code === 'TRANSITION_NOT_ALLOWED';
    if (!retry || Date.now() > until) throw new Error(`dispatch: ${response.status} ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** An action that must succeed, retried when a background step (the pipeline) bumped the version meanwhile. */
export async function act(
  d: TicketDriver,
  token: string,
  id: number,
  action: string,
  body: Record<string, unknown> = {},
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const response = await d.act(token, id, action, body);
    if (response.status === 201 || response.status === 200) return;
    if (response.body.code !== 'TICKET_VERSION_CONFLICT' || attempt >= 20) {
      throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A department of its own under the centre (or under `parentId`) and a clerk for it. */
export async function unitWithClerk(
  app: INestApplication<App>,
  admin: string,
  code: string,
  parentId?: number,
): Promise<{ unitId: number; clerk: string }> {
  const server = app.getHttpServer();
  const [centre] = await sql<{ id: number }>(app, "SELECT id FROM units WHERE kind = 'centre' LIMIT 1");
  const unit = await request(server)
    .post('/api/admin/units')
    .set(bearer(admin))
    .send({ code, name: `SLA测试单位 ${code}`, kind: 'department', parentId: parentId ?? Number(centre!.id) });
  if (unit.status !== 201) throw new Error(`unit: ${unit.status} ${JSON.stringify(unit.body)}`);
  const unitId = Number(unit.body.id);
  const user = await request(server)
    .post('/api/admin/users')
    .set(bearer(admin))
    .send({ username: `clerk-${code}`, displayName: code, password: DEMO_PASSWORD, roles: ['clerk'], unitId });
  if (user.status !== 201) throw new Error(`user: ${user.status} ${JSON.stringify(user.body)}`);
  return { unitId, clerk: await login(app, `clerk-${code}`) };
}

/** Ticket event actions in order. */
export async function actions(app: INestApplication<App>, ticketId: number): Promise<string[]> {
  const rows = await sql<{ action: string }>(app, 'SELECT action FROM ticket_events WHERE ticket_id = ? ORDER BY id', [
    ticketId,
  ]);
  return rows.map((r) => r.action);
}

export async function countEvents(app: INestApplication<App>, ticketId: number, action: string): Promise<number> {
  const [row] = await sql<{ n: string }>(
    app,
    'SELECT COUNT(*) AS n FROM ticket_events WHERE ticket_id = ? AND action = ?',
    [ticketId, action],
  );
  return Number(row!.n);
}
