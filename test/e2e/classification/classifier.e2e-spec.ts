import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { ClassificationService } from '../../../src/classification/classification.service';
import { retrainFromClosedTickets } from '../../../src/classification/classifier-retraining';
import { demoAppeals } from '../../../src/seed/demo-appeals.generator';
import { bearer, createTestApp, login } from '../../app';
import { withClockAhead } from '../../fake-date';

describe('Classifier in the app (e2e)', () => {
  let app: INestApplication<App>;
  let db: DataSource;
  let agent: string;
  let admin: string;

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    agent = await login(app, 'agent');
    admin = await login(app, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  const suggest = (body: Record<string, unknown>) =>
    request(app.getHttpServer()).post('/api/intake/suggestions').set(bearer(agent)).send(body).expect(200);

  it('should have the model and the place index ready at boot, so that the first appeal does not wait for them', async () => {
    // unprepared, the first appeal took ~0.5 s: decoding the model, loading jieba's dictionary, compiling the places
    const started = process.hrtime.bigint();
    const first = await app.get(ClassificationService).classify('小区门口的路灯坏了一个多月，晚上很黑');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(first.method).toBe('model');
    expect(ms).toBeLessThan(100);
  });

  it('should suggest the category, the place, the unit and the rule while the agent types', async () => {
    const response = await suggest({ description: '娜姑镇的一个工地拖欠我们农民工工资三个月了，包工头找不到人' });
    const { classification, responsibility, emergency } = response.body;
    expect(classification.method).toBe('model');
    expect(classification.category.code).toBe('labour.unpaid-wages');
    expect(classification.category.confidence).toBeGreaterThan(0.5);
    expect(classification.place).toMatchObject({ level: 'township', matched: expect.stringContaining('娜姑') });
    expect(responsibility.unit.code).toBe('dept-hrss');
    expect(emergency).toBeNull();
  });

  it('should hint the hand-over line for an emergency', async () => {
    const response = await suggest({ description: '我家隔壁厨房煤气泄漏了，味道很大，人已经晕倒了' });
    expect(['119', '120']).toContain(response.body.emergency.handOverTo);
    expect(response.body.classification.urgency.label).toBe('critical');
  });

  it('should answer empty-looking, foreign or huge text with low confidence, never an error', async () => {
    for (const description of [
      '！！！？？？',
      'hello, my street light is broken',
      'wo jia ting shui le',
      '停'.repeat(4000),
    ]) {
      const response = await suggest({ description });
      expect(response.body.classification.category.confidence).toBeLessThanOrEqual(1);
    }
    const noise = await suggest({ description: '？？？……' });
    expect(noise.body.classification.category.confidence).toBeLessThan(0.5);
  });

  it('should refuse retraining without enough closed tickets, then retrain on them and switch models without a restart', async () => {
    await expect(retrainFromClosedTickets(db, { actorUserId: null })).rejects.toMatchObject({
      code: 'NOT_ENOUGH_HISTORY',
    });
    const [{ id: demoModelId }] = (await db.query('SELECT id FROM classifier_models WHERE active = 1')) as {
      id: number;
    }[];

    const codes = new Map(
      ((await db.query('SELECT id, code FROM categories')) as { id: number; code: string }[]).map((r) => [
        r.code,
        r.id,
      ]),
    );
    // a centre's history is many tickets over a few common matters: 400 tickets of 8 categories
    const pool = demoAppeals(4000, 'closed-history').filter((a) => codes.has(a.label));
    const counts = new Map<string, number>();
    for (const a of pool) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
    const common = new Set(
      [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([label]) => label),
    );
    const appeals = pool.filter((a) => common.has(a.label)).slice(0, 400);
    const values = appeals.map((a, i) => [
      `H${String(i).padStart(6, '0')}`,
      a.text,
      codes.get(a.label),
      a.appealType,
      a.urgency,
    ]);
    await db.query(
      `INSERT INTO tickets (number, channel, source_line, description, category_id, appeal_type, urgency, status, caller_confidential, version)
       VALUES ${values.map(() => "(?, 'phone', '12345', ?, ?, ?, ?, 'closed', 0, 1)").join(', ')}`,
      values.flat(),
    );
    const result = await retrainFromClosedTickets(db, { actorUserId: null });
    expect(result.examples + result.heldOut).toBe(appeals.length);
    expect(result.macroF1).toBeGreaterThan(0.7);
    const [{ id: activeId }] = (await db.query('SELECT id FROM classifier_models WHERE active = 1')) as {
      id: number;
    }[];
    expect(activeId).toBe(result.modelId);

    // an admin switches back to the demo model; the running app uses it at once
    const server = app.getHttpServer();
    await request(server).post(`/api/admin/classifier/models/${demoModelId}/activate`).set(bearer(admin)).expect(200);
    expect((await suggest({ description: '路灯坏了' })).body.classification.modelId).toBe(demoModelId);
    expect((await request(server).get('/api/admin/classifier/models').set(bearer(agent)).expect(403)).body.code).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(
      (await request(server).post('/api/admin/classifier/models/999999/activate').set(bearer(admin)).expect(404)).body
        .code,
    ).toBe('CLASSIFIER_MODEL_NOT_FOUND');
  });

  it('should find a renamed area after the index check even when the change message was lost', async () => {
    const service = app.get(ClassificationService);
    const text = '青云里片区的下水道堵了好几天，污水漫到路上';
    expect((await service.classify(text)).place?.matched).not.toBe('青云里');
    const [village] = await db.query<{ id: number; aliases: string | string[] }[]>(
      "SELECT id, aliases FROM areas WHERE level = 'village' ORDER BY id LIMIT 1",
    );
    // written behind the app's back: no invalidation message
    await db.query("UPDATE areas SET aliases = JSON_ARRAY('青云里') WHERE id = ?", [village!.id]);
    // a changed table is found at the next check, not before it
    expect((await service.classify(text)).place?.matched).not.toBe('青云里');
    try {
      await withClockAhead(6 * 60_000, async () => {
        expect((await service.classify(text)).place).toMatchObject({ areaId: village!.id, matched: '青云里' });
      });
    } finally {
      await db.query('UPDATE areas SET aliases = ? WHERE id = ?', [
        typeof village!.aliases === 'string' ? village!.aliases : JSON.stringify(village!.aliases),
        village!.id,
      ]);
    }
  });
});
