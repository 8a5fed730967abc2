import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer, createTestApp, login } from '../../app';

describe('Admin API (e2e)', () => {
  let app: INestApplication<App>;
  let admin: string;
  let server: App;
  let dataSource: DataSource;

  const areaByCode = async (code: string): Promise<{ id: number; path: string; parentId: number | null }> => {
    const [row] = (await dataSource.query('SELECT id, path, parent_id AS parentId FROM areas WHERE code = ?', [
      code,
    ])) as {
      id: number;
      path: string;
      parentId: number | null;
    }[];
    if (!row) throw new Error(`no area ${code}`);
    return row;
  };

  beforeAll(async () => {
    app = await createTestApp();
    server = app.getHttpServer();
    dataSource = app.get(DataSource);
    admin = await login(app, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should refuse every admin write to the other roles with 403 ROLE_NOT_ALLOWED', async () => {
    for (const username of ['agent', 'dispatcher', 'supervisor', 'clerk-dept-market']) {
      const token = await login(app, username);
      const response = await request(server)
        .post('/api/admin/units')
        .set(bearer(token))
        .send({ code: 'x-unit', name: 'X', kind: 'department', parentId: 1 })
        .expect(403);
      expect(response.body.code).toBe('ROLE_NOT_ALLOWED');
      await request(server).get('/api/admin/users').set(bearer(token)).expect(403);
    }
  });

  it('should create an area under the right parent, page the list and record who did it', async () => {
    const township = await areaByCode('530326001000');
    const created = await request(server)
      .post('/api/admin/areas')
      .set(bearer(admin))
      .set('x-request-id', 'req-area-create-1')
      .send({ code: '530326001901', name: '测试社区', level: 'village', parentId: township.id, aliases: ['测试'] })
      .expect(201);
    expect(created.body.path).toBe(`${township.path}${created.body.id}/`);

    const page1 = await request(server)
      .get('/api/admin/areas')
      .query({ parentId: township.id, limit: 5 })
      .set(bearer(admin))
      .expect(200);
    expect(page1.body.items).toHaveLength(5);
    const page2 = await request(server)
      .get('/api/admin/areas')
      .query({ parentId: township.id, limit: 5, cursor: page1.body.nextCursor })
      .set(bearer(admin))
      .expect(200);
    expect(page2.body.items[0].id).toBeGreaterThan(page1.body.items[4].id);

    const audit = await request(server)
      .get('/api/admin/audit')
      .query({ entityType: 'area', entityId: String(created.body.id) })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'create',
      requestId: 'req-area-create-1',
      after: { code: '530326001901' },
    });
    expect(audit.body.items[0].actorUserId).toEqual(expect.any(Number));
  });

  it('should refuse an area parent that would make a cycle, and a parent of the wrong level', async () => {
    const township = await areaByCode('530326001000');
    const [village] = (await dataSource.query(
      "SELECT id FROM areas WHERE parent_id = ? AND level = 'village' LIMIT 1",
      [township.id],
    )) as { id: number }[];
    const cycle = await request(server)
      .patch(`/api/admin/areas/${township.id}`)
      .set(bearer(admin))
      .send({ parentId: village.id })
      .expect(400);
    expect(cycle.body.code).toBe('AREA_PARENT_CYCLE');
    const county = await areaByCode('530326000000');
    const level = await request(server)
      .post('/api/admin/areas')
      .set(bearer(admin))
      .send({ code: '530326999001', name: '错层村', level: 'village', parentId: county.id })
      .expect(400);
    expect(level.body.code).toBe('AREA_PARENT_LEVEL_INVALID');
    // nothing was half-written: the township kept its parent and the refused area does not exist
    expect((await areaByCode('530326001000')).parentId).toBe(county.id);
    expect(await dataSource.query("SELECT id FROM areas WHERE code = '530326999001'")).toHaveLength(0);
  });

  it('should move an area with its whole subtree', async () => {
    const from = await areaByCode('530326001000');
    const to = await areaByCode('530326002000');
    const created = await request(server)
      .post('/api/admin/areas')
      .set(bearer(admin))
      .send({ code: '530326001902', name: '搬迁社区', level: 'village', parentId: from.id })
      .expect(201);
    const grid = await request(server)
      .post('/api/admin/areas')
      .set(bearer(admin))
      .send({ code: '530326001902001', name: '搬迁社区第1网格', level: 'grid', parentId: created.body.id })
      .expect(201);
    await request(server)
      .patch(`/api/admin/areas/${created.body.id}`)
      .set(bearer(admin))
      .send({ parentId: to.id })
      .expect(200);
    expect((await areaByCode('530326001902001')).path).toBe(`${to.path}${created.body.id}/${grid.body.id}/`);
  });

  it('should refuse a unit kind that cannot sit under its parent, and a duplicate code with 409', async () => {
    const [centre] = (await dataSource.query("SELECT id FROM units WHERE code = 'centre'")) as { id: number }[];
    const badKind = await request(server)
      .post('/api/admin/units')
      .set(bearer(admin))
      .send({ code: 'vl-bad', name: '挂错的村', kind: 'village', parentId: centre.id, areaId: 1 })
      .expect(400);
    expect(badKind.body.code).toBe('UNIT_PARENT_KIND_INVALID');
    const dup = await request(server)
      .post('/api/admin/units')
      .set(bearer(admin))
      .send({ code: 'dept-market', name: '重复', kind: 'department', parentId: centre.id })
      .expect(409);
    expect(dup.body.code).toBe('UNIT_CODE_TAKEN');
    const created = await request(server)
      .post('/api/admin/units')
      .set(bearer(admin))
      .send({ code: 'dept-test-bureau', name: '会泽县测试局', kind: 'department', parentId: centre.id })
      .expect(201);
    expect(created.body.kind).toBe('department');
  });

  it('should create users, refuse a duplicate username with 409 and a clerk without a unit', async () => {
    const user = { username: 'new-agent', displayName: '新话务员', password: 'Secret-pass-1', roles: ['agent'] };
    const created = await request(server).post('/api/admin/users').set(bearer(admin)).send(user).expect(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    expect((await request(server).post('/api/admin/users').set(bearer(admin)).send(user).expect(409)).body.code).toBe(
      'USERNAME_TAKEN',
    );
    const clerk = await request(server)
      .post('/api/admin/users')
      .set(bearer(admin))
      .send({ ...user, username: 'unitless-clerk', roles: ['clerk'] })
      .expect(400);
    expect(clerk.body.code).toBe('CLERK_REQUIRES_UNIT');
    await login(app, 'new-agent', 'Secret-pass-1');

    // a deactivated user can no longer log in, and their token stops working
    const token = await login(app, 'new-agent', 'Secret-pass-1');
    await request(server)
      .patch(`/api/admin/users/${created.body.id}`)
      .set(bearer(admin))
      .send({ active: false })
      .expect(200);
    await new Promise((r) => setTimeout(r, 5100)); // the per-process user cache lives 5 s
    await request(server).get('/api/auth/me').set(bearer(token)).expect(401);
    await request(server)
      .post('/api/auth/login')
      .send({ username: 'new-agent', password: 'Secret-pass-1' })
      .expect(401);
  });

  it('should refuse unknown fields, wrong types and over-long strings', async () => {
    for (const body of [
      { code: 'ok-code', name: 'x', kind: 'department', parentId: 1, colour: 'red' },
      { code: 'ok-code', name: 'x', kind: 'ministry', parentId: 1 },
      { code: 'ok-code', name: 'x'.repeat(101), kind: 'department', parentId: 1 },
      { code: 'ok-code', name: 'x', kind: 'department', parentId: 'one' },
    ]) {
      const response = await request(server).post('/api/admin/units').set(bearer(admin)).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (await request(server).get('/api/admin/areas').query({ cursor: 'bogus!' }).set(bearer(admin)).expect(400)).body
        .code,
    ).toBe('VALIDATION_FAILED');
    expect((await request(server).get('/api/admin/areas/999999').set(bearer(admin)).expect(404)).body.code).toBe(
      'AREA_NOT_FOUND',
    );
  });
});
