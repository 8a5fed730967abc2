import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer, createTestApp, login } from '../../app';
import { DemoIds, resolveVia, TOWNSHIP } from './fixtures';

describe('Responsibility rules admin API (e2e)', () => {
  let app: INestApplication<App>;
  let server: App;
  let dataSource: DataSource;
  let ids: DemoIds;
  let admin: string;

  const count = async (table: string): Promise<number> =>
    Number((await dataSource.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);

  beforeAll(async () => {
    app = await createTestApp();
    server = app.getHttpServer();
    dataSource = app.get(DataSource);
    ids = new DemoIds(dataSource);
    admin = await login(app, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should create a rule, update it to version 2 with a version row each, and audit both', async () => {
    const category = await ids.category('environment.industrial-noise');
    const area = await ids.area(TOWNSHIP.dajing);
    const created = await request(server)
      .post('/api/admin/responsibility-rules')
      .set(bearer(admin))
      .set('x-request-id', 'req-rule-create-1')
      .send({
        categoryId: category,
        areaId: area,
        targetKind: 'territorial',
        targetLevel: 'township',
        coHandlerUnitIds: [await ids.unit('dept-eco')],
        priority: 20,
        validFrom: '2025-01-01',
        sourceDocument: '  《大井镇噪声管理分工》第1项  ',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      version: 1,
      active: true,
      targetUnitId: null,
      validTo: null,
      sourceDocument: '《大井镇噪声管理分工》第1项',
      createdBy: expect.any(Number),
    });
    const id = created.body.id as number;
    const agent = await login(app, 'agent');
    const { village } = await ids.firstVillageAndGrid(TOWNSHIP.dajing);
    const resolved = await resolveVia(app, agent, category, village, '2025-06-01T00:00:00Z').expect(200);
    expect(resolved.body.rule.id).toBe(id);
    expect((resolved.body.coHandlers as { code: string }[]).map((u) => u.code)).toEqual(['dept-eco']);

    const updated = await request(server)
      .patch(`/api/admin/responsibility-rules/${id}`)
      .set(bearer(admin))
      .send({ version: 1, targetKind: 'unit', targetUnitId: await ids.unit('dept-eco'), coHandlerUnitIds: [] })
      .expect(200);
    expect(updated.body).toMatchObject({ version: 2, targetKind: 'unit', targetLevel: null, coHandlerUnitIds: [] });

    const stale = await request(server)
      .patch(`/api/admin/responsibility-rules/${id}`)
      .set(bearer(admin))
      .send({ version: 1, priority: 21 })
      .expect(409);
    expect(stale.body.code).toBe('RULE_VERSION_CONFLICT');

    const detail = await request(server).get(`/api/admin/responsibility-rules/${id}`).set(bearer(admin)).expect(200);
    expect(
      (detail.body.versions as { version: number; changeKind: string }[]).map((v) => [v.version, v.changeKind]),
    ).toEqual([
      [1, 'create'],
      [2, 'update'],
    ]);
    expect(detail.body.versions[0].snapshot).toMatchObject({ targetKind: 'territorial', targetLevel: 'township' });
    expect(detail.body.versions[1].changedBy).toEqual(expect.any(Number));

    const audit = await request(server)
      .get('/api/admin/audit')
      .query({ entityType: 'rule', entityId: String(id) })
      .set(bearer(admin))
      .expect(200);
    expect((audit.body.items as { action: string }[]).map((a) => a.action)).toEqual(['update', 'create']);
    expect(audit.body.items[1]).toMatchObject({ requestId: 'req-rule-create-1', after: { targetKind: 'territorial' } });
    expect(audit.body.items[0]).toMatchObject({ before: { version: 1 }, after: { version: 2 } });

    const deactivated = await request(server)
      .post(`/api/admin/responsibility-rules/${id}/deactivate`)
      .set(bearer(admin))
      .expect(200);
    expect(deactivated.body).toMatchObject({ active: false, version: 3 });
    const after = await resolveVia(app, agent, category, village, '2025-06-01T00:00:00Z').expect(200);
    expect(after.body.rule.id).not.toBe(id);
  });

  it('should page the list and filter it by category, area, unit and active', async () => {
    const urban = await ids.unit('dept-urban');
    const page1 = await request(server)
      .get('/api/admin/responsibility-rules')
      .query({ unitId: urban, limit: 3 })
      .set(bearer(admin))
      .expect(200);
    expect(page1.body.items).toHaveLength(3);
    const page2 = await request(server)
      .get('/api/admin/responsibility-rules')
      .query({ unitId: urban, limit: 3, cursor: page1.body.nextCursor })
      .set(bearer(admin))
      .expect(200);
    expect(page2.body.items[0].id).toBeGreaterThan(page1.body.items[2].id);
    const gucheng = await ids.area(TOWNSHIP.gucheng);
    const inGucheng = await request(server)
      .get('/api/admin/responsibility-rules')
      .query({ areaId: gucheng, categoryId: await ids.category('urban.street-vending'), active: 'true' })
      .set(bearer(admin))
      .expect(200);
    expect(inGucheng.body.items).toHaveLength(1);
    // the sub-district co-handles: found by its unit although it is not the target
    const tnGucheng = await ids.unit('tn-gucheng');
    const coHandled = await request(server)
      .get('/api/admin/responsibility-rules')
      .query({ unitId: tnGucheng, limit: 200 })
      .set(bearer(admin))
      .expect(200);
    expect((coHandled.body.items as { id: number }[]).map((r) => r.id)).toContain(inGucheng.body.items[0].id);
    const countyWide = await request(server)
      .get('/api/admin/responsibility-rules')
      .query({ areaId: 0, limit: 200 })
      .set(bearer(admin))
      .expect(200);
    expect((countyWide.body.items as { areaId: number | null }[]).every((r) => r.areaId === null)).toBe(true);
  });

  it('should refuse a department matter routed to a village or grid station, leaving nothing behind', async () => {
    const before = [
      await count('responsibility_rules'),
      await count('responsibility_rule_versions'),
      await count('audit_log'),
    ];
    const category = await ids.category('urban.outdoor-ads');
    const base = { categoryId: category, priority: 40, validFrom: '2025-01-01', sourceDocument: 'x' };
    const byLevel = await request(server)
      .post('/api/admin/responsibility-rules')
      .set(bearer(admin))
      .send({ ...base, targetKind: 'territorial', targetLevel: 'village' })
      .expect(400);
    expect(byLevel.body.code).toBe('RULE_DEPARTMENT_TO_VILLAGE');
    const [villageUnit] = await dataSource.query<{ code: string }[]>(
      "SELECT code FROM units WHERE kind = 'grid_station' ORDER BY id LIMIT 1",
    );
    const byUnit = await request(server)
      .post('/api/admin/responsibility-rules')
      .set(bearer(admin))
      .send({ ...base, targetKind: 'unit', targetUnitId: await ids.unit(villageUnit.code) })
      .expect(400);
    expect(byUnit.body.code).toBe('RULE_DEPARTMENT_TO_VILLAGE');
    const centre = await request(server)
      .post('/api/admin/responsibility-rules')
      .set(bearer(admin))
      .send({ ...base, targetKind: 'unit', targetUnitId: await ids.unit('centre') })
      .expect(400);
    expect(centre.body.code).toBe('RULE_TARGET_CENTRE');
    const dates = await request(server)
      .post('/api/admin/responsibility-rules')
      .set(bearer(admin))
      .send({ ...base, targetKind: 'unit', targetUnitId: await ids.unit('dept-urban'), validTo: '2024-12-31' })
      .expect(400);
    expect(dates.body.code).toBe('RULE_VALIDITY_INVALID');
    expect([
      await count('responsibility_rules'),
      await count('responsibility_rule_versions'),
      await count('audit_log'),
    ]).toEqual(before);
  });

  it('should refuse an exact tie with an existing rule with 409 RULE_CONFLICT, and accept it after the first ends', async () => {
    const category = await ids.category('urban.outdoor-ads');
    const [existing] = await dataSource.query<{ id: number }[]>(
      'SELECT id FROM responsibility_rules WHERE category_id = ? AND area_id IS NULL AND active = 1',
      [category],
    );
    const rule = {
      categoryId: category,
      targetKind: 'unit',
      targetUnitId: await ids.unit('dept-housing'),
      priority: 10,
      validFrom: '2020-01-01',
      validTo: '2023-07-01',
      sourceDocument: '重叠的清单',
    };
    const tie = await request(server).post('/api/admin/responsibility-rules').set(bearer(admin)).send(rule).expect(409);
    expect(tie.body).toMatchObject({ code: 'RULE_CONFLICT', details: { ruleId: existing.id } });
    // ending the day before the demo list starts: no day is shared, so no tie
    const earlier = await request(server)
      .post('/api/admin/responsibility-rules')
      .set(bearer(admin))
      .send({ ...rule, validTo: '2023-06-30' })
      .expect(201);
    const reactivate = await request(server)
      .patch(`/api/admin/responsibility-rules/${earlier.body.id}`)
      .set(bearer(admin))
      .send({ validTo: null })
      .expect(409);
    expect(reactivate.body.code).toBe('RULE_CONFLICT');
    await request(server)
      .post(`/api/admin/responsibility-rules/${earlier.body.id}/deactivate`)
      .set(bearer(admin))
      .expect(200);
  });

  it('should refuse every other role with 403 and unknown fields with 400', async () => {
    for (const username of ['agent', 'dispatcher', 'supervisor', 'clerk-dept-urban']) {
      const token = await login(app, username);
      const response = await request(server)
        .post('/api/admin/responsibility-rules')
        .set(bearer(token))
        .send({
          categoryId: 1,
          targetKind: 'unit',
          targetUnitId: 2,
          priority: 1,
          validFrom: '2025-01-01',
          sourceDocument: 'x',
        })
        .expect(403);
      expect(response.body.code).toBe('ROLE_NOT_ALLOWED');
      await request(server).get('/api/admin/responsibility-rules').set(bearer(token)).expect(403);
    }
    const unknown = await request(server)
      .post('/api/admin/responsibility-rules')
      .set(bearer(admin))
      .send({
        categoryId: await ids.category('urban.outdoor-ads'),
        targetKind: 'unit',
        targetUnitId: await ids.unit('dept-urban'),
        priority: 77,
        validFrom: '2025-01-01',
        sourceDocument: 'x',
        weight: 3,
      })
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'weight' }] });
    const missing = await request(server).get('/api/admin/responsibility-rules/999999').set(bearer(admin)).expect(404);
    expect(missing.body.code).toBe('RULE_NOT_FOUND');
  });
});
