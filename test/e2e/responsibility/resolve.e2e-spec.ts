import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer, createTestApp, login } from '../../app';
import { DemoIds, eventually, resolveVia, TOWNSHIP } from './fixtures';

describe('Responsibility resolve (e2e)', () => {
  let app: INestApplication<App>;
  let ids: DemoIds;
  let agent: string;
  let admin: string;

  beforeAll(async () => {
    app = await createTestApp();
    ids = new DemoIds(app.get(DataSource));
    agent = await login(app, 'agent');
    admin = await login(app, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should send a department matter anywhere in the county to its department', async () => {
    const { grid } = await ids.firstVillageAndGrid(TOWNSHIP.dajing);
    const response = await resolveVia(app, agent, await ids.category('urban.outdoor-ads'), grid).expect(200);
    expect(response.body.unit).toMatchObject({ code: 'dept-urban', name: expect.any(String) });
    expect(response.body.rule).toMatchObject({ categoryCode: 'urban.outdoor-ads', areaCode: null, targetKind: 'unit' });
    expect(response.body.territorial).toBeNull();
    expect(response.body.conflict).toBeNull();
    expect(response.body.category.code).toBe('urban.outdoor-ads');
    expect(response.body.explanation[0]).toMatch(/wins/);
  });

  it('should send a territorial matter in a village to the township of that village', async () => {
    const { village } = await ids.firstVillageAndGrid(TOWNSHIP.dajing);
    const response = await resolveVia(app, agent, await ids.category('urban.street-vending'), village).expect(200);
    expect(response.body.unit.code).toBe('tn-dajing');
    expect(response.body.territorial).toMatchObject({
      level: 'township',
      resolvedLevel: 'township',
      fallback: null,
      servedArea: { code: TOWNSHIP.dajing },
    });
  });

  it('should let the old-town override win over the county-wide rule, with the sub-district co-handling', async () => {
    const { village } = await ids.firstVillageAndGrid(TOWNSHIP.gucheng);
    const response = await resolveVia(app, agent, await ids.category('urban.street-vending'), village).expect(200);
    expect(response.body.unit.code).toBe('dept-urban');
    expect(response.body.rule.areaCode).toBe(TOWNSHIP.gucheng);
    expect((response.body.coHandlers as { code: string }[]).map((u) => u.code)).toEqual(['tn-gucheng']);
    const beaten = (response.body.candidates as { outcome: string }[]).find((c) => c.outcome === 'lost');
    expect(beaten).toMatchObject({ reason: 'less specific area', rule: { areaCode: null, targetKind: 'territorial' } });
  });

  it('should send the village-level pilot matters of 娜姑镇 to the village, and the township when only it is known', async () => {
    const category = await ids.category('agriculture.village-road');
    const { village } = await ids.firstVillageAndGrid(TOWNSHIP.nagu);
    const inVillage = await resolveVia(app, agent, category, village).expect(200);
    expect(inVillage.body.unit.code).toMatch(/^vl-/);
    expect(inVillage.body.territorial.servedArea.id).toBe(village);
    const townshipOnly = await resolveVia(app, agent, category, await ids.area(TOWNSHIP.nagu)).expect(200);
    expect(townshipOnly.body.unit.code).toBe('tn-nagu');
    expect(townshipOnly.body.territorial.fallback).toBe('area above level');
    expect((townshipOnly.body.explanation as string[]).join(' ')).toMatch(/known only down to/);
  });

  it('should give no unit for a category that no rule covers', async () => {
    const area = await ids.area(TOWNSHIP.zhongping);
    const response = await resolveVia(app, agent, await ids.category('other.misc'), area).expect(200);
    expect(response.body).toMatchObject({ unit: null, rule: null, coHandlers: [], conflict: null });
    // other suites may leave inactive test rules behind; none of them is in force here
    expect((response.body.candidates as { outcome: string }[]).filter((c) => c.outcome !== 'lost')).toEqual([]);
    expect(response.body.explanation[0]).toMatch(/dispatch pool/);
  });

  it('should apply the rules valid at the given date', async () => {
    // the demo territorial list takes effect on 2024-03-01 (Shanghai): the day before, nothing applies
    const category = await ids.category('urban.street-vending');
    const area = await ids.area(TOWNSHIP.dajing);
    const before = await resolveVia(app, agent, category, area, '2024-02-29T15:59:00Z').expect(200);
    expect(before.body.unit).toBeNull();
    expect(before.body.candidates[0].reason).toBe('not valid at that date');
    const after = await resolveVia(app, agent, category, area, '2024-02-29T16:00:00Z').expect(200);
    expect(after.body.unit.code).toBe('tn-dajing');
  });

  it('should answer 404 with codes for an unknown category or area, and 400 for a bad query', async () => {
    const area = await ids.area(TOWNSHIP.dajing);
    const category = await ids.category('urban.street-vending');
    expect((await resolveVia(app, agent, 999999, area).expect(404)).body.code).toBe('CATEGORY_NOT_FOUND');
    expect((await resolveVia(app, agent, category, 99999999).expect(404)).body.code).toBe('AREA_NOT_FOUND');
    const bad = await request(app.getHttpServer())
      .get('/api/responsibility/resolve')
      .query({ categoryId: 'x', areaId: area, extra: 1 })
      .set(bearer(agent))
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const badDate = await resolveVia(app, agent, category, area, '2024-13-45').expect(400);
    expect(badDate.body.code).toBe('INVALID_AT');
  });

  it('should refuse a clerk and an anonymous caller', async () => {
    const clerk = await login(app, 'clerk-dept-urban');
    const area = await ids.area(TOWNSHIP.dajing);
    const category = await ids.category('urban.street-vending');
    expect((await resolveVia(app, clerk, category, area).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
    await request(app.getHttpServer())
      .get('/api/responsibility/resolve')
      .query({ categoryId: category, areaId: area })
      .expect(401);
    for (const user of ['dispatcher', 'supervisor']) {
      await resolveVia(app, await login(app, user), category, area).expect(200);
    }
  });

  it('should show a rule made through one process in the resolve of another within a bounded wait', async () => {
    const other = await createTestApp();
    try {
      const category = await ids.category('other.misc');
      const area = await ids.area(TOWNSHIP.yili);
      // the second process builds its index now, so only an invalidation can make it see the new rule
      const before = await resolveVia(other, agent, category, area).expect(200);
      expect(before.body.unit).toBeNull();
      const created = await request(app.getHttpServer())
        .post('/api/admin/responsibility-rules')
        .set(bearer(admin))
        .send({
          categoryId: category,
          areaId: area,
          targetKind: 'unit',
          targetUnitId: await ids.unit('dept-gov-services'),
          priority: 21,
          validFrom: '2024-01-01',
          sourceDocument: '跨进程测试',
        })
        .expect(201);
      const seen = await eventually(async () => {
        const response = await resolveVia(other, agent, category, area);
        return response.body.rule?.id === created.body.id ? response : null;
      });
      expect(seen.body.unit.code).toBe('dept-gov-services');
      await request(app.getHttpServer())
        .post(`/api/admin/responsibility-rules/${created.body.id}/deactivate`)
        .set(bearer(admin))
        .expect(200);
      await eventually(async () => (await resolveVia(other, agent, category, area)).body.unit === null);
    } finally {
      await other.close();
    }
  });
});
