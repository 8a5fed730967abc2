import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { Call } from '../../../src/calls/call.entity';
import { CallsService } from '../../../src/calls/calls.service';
import { signCtiBody } from '../../../src/calls/cti-signature';
import type { Page } from '../../../src/common/pagination';
import { APP_CONFIG } from '../../../src/config/config.module';
import type { AppConfig } from '../../../src/config/env.schema';
import { User } from '../../../src/org/user.entity';
import { OutboxMessage } from '../../../src/outbox/outbox-message.entity';
import { bearer, createTestApp, login } from '../../app';

type Body = Record<string, unknown>;

interface DeliveryOptions {
  /** Unix seconds to sign with; now by default. */
  timestamp?: number;
  secret?: string;
  /** Replaces the computed headers entirely (to send them wrong or not at all). */
  headers?: Record<string, string>;
  /** The exact bytes to send, when they must differ from JSON.stringify(body). */
  raw?: string;
}

describe('CTI webhook and calls (e2e)', () => {
  let app: INestApplication<App>;
  let dataSource: DataSource;
  let secret: string;
  let agentId: number;
  let agentToken: string;
  let sequence = 0;

  const nowSeconds = (): number => Math.floor(Date.now() / 1000);
  const newCallId = (): string => `e2e-${process.pid}-${Date.now()}-${++sequence}`;
  const ringAt = '2026-11-26T01:00:00.000Z';
  const answerAt = '2026-11-26T01:00:07.250Z';
  const endAt = '2026-11-26T01:03:41.000Z';

  const ringing = (callId: string, extra: Body = {}): Body => ({
    callId,
    sourceLine: '12315',
    callerPhone: '13812345678',
    agentUsername: 'agent',
    agentExtension: '8001',
    event: 'ringing',
    ringAt,
    ...extra,
  });

  const deliver = (body: Body, options: DeliveryOptions = {}): request.Test => {
    const raw = options.raw ?? JSON.stringify(body);
    const timestamp = options.timestamp ?? nowSeconds();
    const headers = options.headers ?? {
      'X-CTI-Timestamp': String(timestamp),
      'X-CTI-Signature': signCtiBody(options.secret ?? secret, timestamp, raw),
    };
    return request(app.getHttpServer())
      .post('/api/cti/calls')
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(raw);
  };

  const callsWith = (ctiCallId: string): Promise<Call[]> => dataSource.getRepository(Call).findBy({ ctiCallId });

  const noticesFor = (ctiCallId: string): Promise<OutboxMessage[]> =>
    dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .where('o.topic = :topic', { topic: 'call.incoming' })
      .andWhere("JSON_UNQUOTE(JSON_EXTRACT(o.payload, '$.ctiCallId')) = :ctiCallId", { ctiCallId })
      .orderBy('o.id', 'ASC')
      .getMany();

  const expectNothingWritten = async (ctiCallId: string): Promise<void> => {
    expect(await callsWith(ctiCallId)).toHaveLength(0);
    expect(await noticesFor(ctiCallId)).toHaveLength(0);
  };

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    secret = app.get<AppConfig>(APP_CONFIG).CTI_SECRET;
    agentId = (await dataSource.getRepository(User).findOneByOrFail({ username: 'agent' })).id;
    agentToken = await login(app, 'agent');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should record a signed ringing call with 201 and queue one incoming-call notice for its agent', async () => {
    const callId = newCallId();
    const response = await deliver(ringing(callId)).expect(201);
    expect(response.body).toMatchObject({
      id: expect.any(Number),
      ctiCallId: callId,
      sourceLine: '12315',
      callerPhone: '13812345678',
      agentUserId: agentId,
      agentExtension: '8001',
      ringAt,
      answerAt: null,
      endAt: null,
      ticketId: null,
    });
    const notices = await noticesFor(callId);
    expect(notices).toHaveLength(1);
    expect(notices[0].payload).toEqual({
      callId: response.body.id,
      ctiCallId: callId,
      sourceLine: '12315',
      callerPhone: '13812345678',
      agentUserId: agentId,
      event: 'ringing',
      at: ringAt,
    });
  });

  it('should take call ids that differ only in case for two calls', async () => {
    const callId = `${newCallId()}-AbC`;
    const first = (await deliver(ringing(callId)).expect(201)).body as { id: number };
    const second = (await deliver(ringing(callId.toLowerCase(), { callerPhone: '13912345678' })).expect(201)).body as {
      id: number;
      ctiCallId: string;
    };
    expect(second.id).not.toBe(first.id);
    expect(second.ctiCallId).toBe(callId.toLowerCase());
    expect(await callsWith(callId)).toHaveLength(1);
    expect(await noticesFor(callId.toLowerCase())).toHaveLength(1);
  });

  it('should fold answered and ended into the same row with 200, and notify only once', async () => {
    const callId = newCallId();
    const created = (await deliver(ringing(callId)).expect(201)).body;
    const answered = await deliver(ringing(callId, { event: 'answered', answerAt })).expect(200);
    expect(answered.body).toMatchObject({ id: created.id, answerAt, endAt: null });
    // the ended delivery leaves out the agent and answerAt: what is stored stays
    const ended = await deliver(
      ringing(callId, {
        event: 'ended',
        agentUsername: undefined,
        agentExtension: undefined,
        endAt,
        recordingUrl: 'https://rec.hotline.example/2026/11/26/a.mp3',
      }),
    ).expect(200);
    expect(ended.body).toMatchObject({
      id: created.id,
      agentUserId: agentId,
      agentExtension: '8001',
      answerAt,
      endAt,
      recordingUrl: 'https://rec.hotline.example/2026/11/26/a.mp3',
    });
    const rows = await callsWith(callId);
    expect(rows).toHaveLength(1);
    expect(rows[0].answerAt!.toISOString()).toBe(answerAt);
    expect(rows[0].endAt!.toISOString()).toBe(endAt);
    expect(await noticesFor(callId)).toHaveLength(1);
  });

  it('should answer a re-sent identical delivery with 200 and the same row, and no second notice', async () => {
    const callId = newCallId();
    const timestamp = nowSeconds();
    const first = (await deliver(ringing(callId), { timestamp }).expect(201)).body;
    // the CTI's retry is signed anew: another timestamp, so another signature over the same body
    const again = await deliver(ringing(callId), { timestamp: timestamp - 1 }).expect(200);
    expect(again.body).toEqual(first);
    expect(await callsWith(callId)).toHaveLength(1);
    expect(await noticesFor(callId)).toHaveLength(1);
  });

  it('should keep one row and one notice when first deliveries of a call arrive at once', async () => {
    for (let round = 0; round < 5; round++) {
      const callId = newCallId();
      const now = nowSeconds();
      // each copy is signed with its own timestamp, as the CTI's retries are: none of them is a replay
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          deliver(i === 0 ? ringing(callId, { event: 'answered', answerAt }) : ringing(callId), { timestamp: now - i }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(responses.map((r) => (r.body as Call).id)).size).toBe(1);
      const rows = await callsWith(callId);
      expect(rows).toHaveLength(1);
      expect(rows[0].answerAt!.toISOString()).toBe(answerAt);
      expect(await noticesFor(callId)).toHaveLength(1);
    }
  });

  it('should verify the raw bytes as sent, not a re-serialised body', async () => {
    const callId = newCallId();
    const body = ringing(callId);
    const raw = JSON.stringify(body, null, 2);
    await deliver(body, { raw }).expect(201);
    // the same JSON value, signed over its compact form but sent pretty-printed: the bytes differ
    const timestamp = nowSeconds();
    const signature = signCtiBody(secret, timestamp, JSON.stringify(body));
    const refused = await deliver(body, {
      raw,
      headers: { 'X-CTI-Timestamp': String(timestamp), 'X-CTI-Signature': signature },
    }).expect(401);
    expect(refused.body.code).toBe('CTI_SIGNATURE_INVALID');
  });

  it.each<[string, (raw: string, now: number) => Record<string, string>, number, string]>([
    ['no headers', () => ({}), 401, 'CTI_SIGNATURE_MISSING'],
    ['no signature', (_, now) => ({ 'X-CTI-Timestamp': String(now) }), 401, 'CTI_SIGNATURE_MISSING'],
    [
      'no timestamp',
      (raw, now) => ({ 'X-CTI-Signature': signCtiBody(secret, now, raw) }),
      401,
      'CTI_SIGNATURE_MISSING',
    ],
    [
      'a malformed signature',
      (_, now) => ({ 'X-CTI-Timestamp': String(now), 'X-CTI-Signature': 'sha256=not-hex' }),
      401,
      'CTI_SIGNATURE_INVALID',
    ],
    [
      'a signature made with another secret',
      (raw, now) => ({
        'X-CTI-Timestamp': String(now),
        'X-CTI-Signature': signCtiBody('not-the-cti-secret-at-all', now, raw),
      }),
      401,
      'CTI_SIGNATURE_INVALID',
    ],
    [
      'a timestamp 6 minutes old',
      (raw, now) => ({ 'X-CTI-Timestamp': String(now - 360), 'X-CTI-Signature': signCtiBody(secret, now - 360, raw) }),
      401,
      'CTI_TIMESTAMP_STALE',
    ],
    [
      'a timestamp 2 minutes ahead',
      (raw, now) => ({ 'X-CTI-Timestamp': String(now + 120), 'X-CTI-Signature': signCtiBody(secret, now + 120, raw) }),
      401,
      'CTI_TIMESTAMP_STALE',
    ],
  ])('should refuse a delivery with %s and write nothing', async (_, headersOf, status, code) => {
    const callId = newCallId();
    const body = ringing(callId);
    const response = await deliver(body, { headers: headersOf(JSON.stringify(body), nowSeconds()) }).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
    await expectNothingWritten(callId);
  });

  it('should refuse an unsigned request with 401 even when its body is invalid', async () => {
    const response = await deliver({ nonsense: true }, { headers: {} }).expect(401);
    expect(response.body.code).toBe('CTI_SIGNATURE_MISSING');
  });

  it('should refuse a replayed signature with 409 CTI_REPLAY and change nothing', async () => {
    const callId = newCallId();
    const timestamp = nowSeconds();
    const first = await deliver(ringing(callId), { timestamp }).expect(201);
    const [before] = await callsWith(callId);
    const replay = await deliver(ringing(callId), { timestamp }).expect(409);
    expect(replay.body.code).toBe('CTI_REPLAY');
    const rows = await callsWith(callId);
    expect(rows).toHaveLength(1);
    expect(rows[0].updatedAt).toEqual(before.updatedAt);
    expect(rows[0].id).toBe(first.body.id);
    expect(await noticesFor(callId)).toHaveLength(1);
  });

  it.each<[string, (callId: string) => Body, string]>([
    ['an unknown field', (id) => ringing(id, { priority: 'high' }), 'VALIDATION_FAILED'],
    ['a phone with letters', (id) => ringing(id, { callerPhone: '138-abc' }), 'VALIDATION_FAILED'],
    ['a two-digit phone', (id) => ringing(id, { callerPhone: '12' }), 'VALIDATION_FAILED'],
    ['an emergency line as source line', (id) => ringing(id, { sourceLine: '110' }), 'VALIDATION_FAILED'],
    ['an unknown event', (id) => ringing(id, { event: 'transferred' }), 'VALIDATION_FAILED'],
    ['a ring time without a zone', (id) => ringing(id, { ringAt: '2026-11-26T09:00:00' }), 'VALIDATION_FAILED'],
    ['an ftp recording URL', (id) => ringing(id, { recordingUrl: 'ftp://rec.example/a.mp3' }), 'VALIDATION_FAILED'],
    ['a callId with a space', () => ringing('bad id'), 'VALIDATION_FAILED'],
    [
      'endAt before ringAt',
      (id) => ringing(id, { event: 'ended', endAt: '2026-11-26T00:59:59.999Z' }),
      'CALL_TIMES_OUT_OF_ORDER',
    ],
    [
      'answerAt before ringAt',
      (id) => ringing(id, { event: 'answered', answerAt: '2026-11-26T00:59:00Z' }),
      'CALL_TIMES_OUT_OF_ORDER',
    ],
  ])('should refuse a signed delivery with %s with 400 and write nothing', async (_, bodyOf, code) => {
    const callId = newCallId();
    const response = await deliver(bodyOf(callId)).expect(400);
    expect(response.body.code).toBe(code);
    await expectNothingWritten(callId);
  });

  it('should refuse a delivery that ends before the stored answer, leaving the row as it was', async () => {
    const callId = newCallId();
    await deliver(ringing(callId, { event: 'answered', answerAt })).expect(201);
    const [before] = await callsWith(callId);
    const response = await deliver(ringing(callId, { event: 'ended', endAt: '2026-11-26T01:00:05Z' })).expect(400);
    expect(response.body.code).toBe('CALL_TIMES_OUT_OF_ORDER');
    expect(await callsWith(callId)).toEqual([before]);
  });

  it('should refuse a reused callId for another caller with 409 CTI_CALL_MISMATCH', async () => {
    const callId = newCallId();
    await deliver(ringing(callId)).expect(201);
    const [before] = await callsWith(callId);
    const response = await deliver(ringing(callId, { callerPhone: '13900000000' })).expect(409);
    expect(response.body.code).toBe('CTI_CALL_MISMATCH');
    expect(await callsWith(callId)).toEqual([before]);
  });

  it('should keep the extension but no user for an unknown or non-agent username, and notify nobody', async () => {
    for (const agentUsername of ['nobody-like-this', 'clerk-dept-market']) {
      const callId = newCallId();
      const response = await deliver(ringing(callId, { agentUsername, agentExtension: '8099' })).expect(201);
      expect(response.body).toMatchObject({ agentUserId: null, agentExtension: '8099' });
      expect(await noticesFor(callId)).toHaveLength(0);
    }
  });

  it('should not notify for a call first heard of when it ended', async () => {
    const callId = newCallId();
    await deliver(ringing(callId, { event: 'ended', answerAt, endAt })).expect(201);
    expect(await noticesFor(callId)).toHaveLength(0);
  });

  it("should list an agent's own calls newest first in keyset pages, and show one call", async () => {
    const mine = [newCallId(), newCallId(), newCallId()];
    const ids: number[] = [];
    for (const callId of mine)
      ids.push((await deliver(ringing(callId, { callerPhone: '13711112222' })).expect(201)).body.id);
    await deliver(ringing(newCallId(), { callerPhone: '13711112222', agentUsername: undefined })).expect(201);

    const server = app.getHttpServer();
    const first = await request(server)
      .get('/api/calls')
      .query({ mine: 'true', callerPhone: '13711112222', limit: 2 })
      .set(bearer(agentToken))
      .expect(200);
    expect((first.body as Page<Call>).items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(server)
      .get('/api/calls')
      .query({ mine: 'true', callerPhone: '13711112222', limit: 2, cursor: first.body.nextCursor })
      .set(bearer(agentToken))
      .expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ id: ids[0], agentUserId: agentId })],
      nextCursor: null,
    });

    const everyone = await request(server)
      .get('/api/calls')
      .query({ callerPhone: '13711112222' })
      .set(bearer(await login(app, 'supervisor')))
      .expect(200);
    expect(everyone.body.items).toHaveLength(4);
    const window = await request(server)
      .get('/api/calls')
      .query({ callerPhone: '13711112222', from: '2026-11-26T01:00:00Z', to: '2026-11-26T01:00:00.001Z' })
      .set(bearer(agentToken))
      .expect(200);
    expect(window.body.items).toHaveLength(4);

    const one = await request(server).get(`/api/calls/${ids[0]}`).set(bearer(agentToken)).expect(200);
    expect(one.body).toMatchObject({ id: ids[0], ctiCallId: mine[0] });
    expect((await request(server).get('/api/calls/999999999').set(bearer(agentToken)).expect(404)).body.code).toBe(
      'CALL_NOT_FOUND',
    );
  });

  it('should refuse the call list to a clerk, to an anonymous caller and with a bad filter', async () => {
    const server = app.getHttpServer();
    const clerk = await login(app, 'clerk-dept-market');
    expect((await request(server).get('/api/calls').set(bearer(clerk)).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await request(server).get('/api/calls').expect(401)).body.code).toBe('AUTH_REQUIRED');
    for (const query of [{ mine: 'yes' }, { callerPhone: 'x' }, { from: 'yesterday' }, { unknown: '1' }]) {
      const response = await request(server).get('/api/calls').query(query).set(bearer(agentToken)).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('should link a call to a ticket inside the caller transaction, once', async () => {
    const calls = app.get(CallsService);
    const id = (await deliver(ringing(newCallId())).expect(201)).body.id as number;

    // a transaction that fails after linking leaves the call unlinked
    await expect(
      dataSource.transaction(async (manager) => {
        await calls.linkToTicket(manager, id, 424242);
        throw new Error('ticket creation failed');
      }),
    ).rejects.toThrow('ticket creation failed');
    expect((await calls.findById(id)).ticketId).toBeNull();

    await dataSource.transaction((manager) => calls.linkToTicket(manager, id, 424242));
    expect((await calls.findById(id)).ticketId).toBe(424242);
    // linking again to the same ticket is a no-op, to another one a conflict
    await dataSource.transaction((manager) => calls.linkToTicket(manager, id, 424242));
    await expect(dataSource.transaction((manager) => calls.linkToTicket(manager, id, 515151))).rejects.toMatchObject({
      code: 'CALL_ALREADY_LINKED',
    });
    await expect(dataSource.transaction((manager) => calls.linkToTicket(manager, 999999999, 1))).rejects.toMatchObject({
      code: 'CALL_NOT_FOUND',
    });
    expect((await calls.findById(id)).ticketId).toBe(424242);
  });
});
