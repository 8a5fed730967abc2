import type { INestApplication } from '@nestjs/common';
import request, { Response } from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { replayTimeline } from '../../src/tickets/ticket-timeline';
import { bearer, login } from '../app';

export interface Tokens {
  agent: string;
  dispatcher: string;
  supervisor: string;
  admin: string;
  /** clerk of 县市场监管局 (dept-market) */
  market: string;
  /** clerk of 古城街道 (tn-gucheng) */
  gucheng: string;
  /** clerk of 县人社局 (dept-hrss): another unit */
  hrss: string;
}

export async function loginAll(app: INestApplication<App>): Promise<Tokens> {
  const [agent, dispatcher, supervisor, admin, market, gucheng, hrss] = await Promise.all(
    ['agent', 'dispatcher', 'supervisor', 'admin', 'clerk-dept-market', 'clerk-tn-gucheng', 'clerk-dept-hrss'].map(
      (u) => login(app, u),
    ),
  );
  return {
    agent: agent,
    dispatcher: dispatcher,
    supervisor: supervisor,
    admin: admin,
    market: market,
    gucheng: gucheng,
    hrss: hrss,
  };
}

export async function unitId(app: INestApplication<App>, code: string): Promise<number> {
  const rows = (await app.get(DataSource).query('SELECT id FROM units WHERE code = ?', [code])) as { id: number }[];
  if (!rows[0]) throw new Error(`no unit ${code}`);
  return Number(rows[0].id);
}

/** A small driver: each call reads the ticket's current version first, as a console would. */
export class TicketDriver {
  constructor(private readonly app: INestApplication<App>) {}

  get server(): App {
    return this.app.getHttpServer();
  }

  async create(
    token: string,
    body: Record<string, unknown> = {},
  ): Promise<{ id: number; version: number; number: string }> {
    const response = await request(this.server)
      .post('/api/tickets')
      .set(bearer(token))
      .send({
        description: '小区楼下夜市烧烤油烟和噪音扰民，晚上十二点还不停',
        callerName: '王先生',
        callerPhone: '13812345678',
        ...body,
      });
    if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: number; version: number; number: string };
  }

  get(token: string, id: number): request.Test {
    return request(this.server).get(`/api/tickets/${id}`).set(bearer(token));
  }

  async version(id: number): Promise<number> {
    const rows = (await this.app.get(DataSource).query('SELECT version FROM tickets WHERE id = ?', [id])) as {
      version: number;
    }[];
    return Number(rows[0].version);
  }

  /** Performs an action with the current version; returns the raw response. */
  async act(token: string, id: number, action: string, body: Record<string, unknown> = {}): Promise<Response> {
    const version = await this.version(id);
    return request(this.server)
      .post(`/api/tickets/${id}/actions/${action}`)
      .set(bearer(token))
      .send({ version, ...body });
  }

  /** Performs an action that must succeed. */
  async ok(token: string, id: number, action: string, body: Record<string, unknown> = {}): Promise<Response> {
    const response = await this.act(token, id, action, body);
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response;
  }

  async status(id: number): Promise<string> {
    const rows = (await this.app.get(DataSource).query('SELECT status FROM tickets WHERE id = ?', [id])) as {
      status: string;
    }[];
    return rows[0].status;
  }

  async eventCount(id: number): Promise<number> {
    const rows = (await this.app
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM ticket_events WHERE ticket_id = ?', [id])) as { n: string }[];
    return Number(rows[0].n);
  }

  /** Replays the stored timeline through the state machine and checks it ends where the ticket is. */
  async expectTimelineReplays(id: number): Promise<void> {
    const dataSource = this.app.get(DataSource);
    const events = (await dataSource.query(
      'SELECT action, from_status AS fromStatus, to_status AS toStatus, payload FROM ticket_events WHERE ticket_id = ? ORDER BY id',
      [id],
    )) as { action: string; fromStatus: string | null; toStatus: string | null; payload: unknown }[];
    const parsed = events.map((e) => ({
      ...e,
      payload: typeof e.payload === 'string' ? (JSON.parse(e.payload) as unknown) : e.payload,
    }));
    const replayed = replayTimeline(parsed);
    const [row] = (await dataSource.query(
      'SELECT status, pending_request AS pendingRequest FROM tickets WHERE id = ?',
      [id],
    )) as {
      status: string;
      pendingRequest: string | null;
    }[];
    if (replayed.status !== row.status || replayed.pendingRequest !== row.pendingRequest) {
      throw new Error(`timeline of ${id} replays to ${JSON.stringify(replayed)}, the ticket is ${JSON.stringify(row)}`);
    }
  }
}
