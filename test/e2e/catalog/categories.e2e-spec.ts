import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer, createTestApp, login } from '../../app';
import { DemoIds, eventually } from '../responsibility/fixtures';

interface TreeNode {
  id: number;
  code: string;
  children: TreeNode[];
}

const find = (nodes: TreeNode[], code: string): TreeNode | undefined => {
  for (const node of nodes) {
    if (node.code === code) return node;
    const below = find(node.children, code);
    if (below) return below;
  }
  return undefined;
};

describe('Categories (e2e)', () => {
  let app: INestApplication<App>;
  let server: App;
  let dataSource: DataSource;
  let ids: DemoIds;
  let admin: string;
  let agent: string;

  const tree = async (target: INestApplication<App> = app): Promise<TreeNode[]> =>
    (await request(target.getHttpServer()).get('/api/categories/tree').set(bearer(agent)).expect(200))
      .body as TreeNode[];

  beforeAll(async () => {
    app = await createTestApp();
    server = app.getHttpServer();
    dataSource = app.get(DataSource);
    ids = new DemoIds(dataSource);
    admin = await login(app, 'admin');
    agent = await login(app, 'agent');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should give every role the whole tree as nested JSON, from the demo seed', async () => {
    const roots = await tree();
    expect(roots.map((r) => r.code)).toContain('urban');
    const urban = find(roots, 'urban');
    expect(urban?.children.map((c) => c.code)).toContain('urban.street-vending');
    expect(find(roots, 'urban.street-vending')).toMatchObject({
      name: '占道经营',
      territorial: true,
      defaultUnitId: null,
      keywords: expect.arrayContaining(['占道经营']),
      active: true,
      children: [],
    });
    expect(find(roots, 'utilities.water.outage')).toBeDefined();
    const clerk = await login(app, 'clerk-dept-urban');
    await request(server).get('/api/categories/tree').set(bearer(clerk)).expect(200);
    await request(server).get('/api/categories/tree').expect(401);
  });

  it('should page the admin list by parent and give one category', async () => {
    const urban = await ids.category('urban');
    const page1 = await request(server)
      .get('/api/admin/categories')
      .query({ parentId: urban, limit: 4 })
      .set(bearer(agent))
      .expect(200);
    expect(page1.body.items).toHaveLength(4);
    expect((page1.body.items as { parentId: number }[]).every((c) => c.parentId === urban)).toBe(true);
    const page2 = await request(server)
      .get('/api/admin/categories')
      .query({ parentId: urban, limit: 4, cursor: page1.body.nextCursor })
      .set(bearer(agent))
      .expect(200);
    expect(page2.body.items[0].id).toBeGreaterThan(page1.body.items[3].id);
    const roots = await request(server)
      .get('/api/admin/categories')
      .query({ parentId: 0, limit: 200 })
      .set(bearer(agent));
    expect(
      (roots.body.items as { parentId: number | null; depth: number }[]).every(
        (c) => c.parentId === null && c.depth === 0,
      ),
    ).toBe(true);
    const one = await request(server).get(`/api/admin/categories/${urban}`).set(bearer(agent)).expect(200);
    expect(one.body).toMatchObject({ code: 'urban', path: `/${urban}/`, depth: 0 });
    expect((await request(server).get('/api/admin/categories/999999').set(bearer(agent)).expect(404)).body.code).toBe(
      'CATEGORY_NOT_FOUND',
    );
  });

  it('should create a category, audit it, and show it in the tree of this process and of another', async () => {
    const other = await createTestApp();
    try {
      await tree(other);
      const urban = await ids.category('urban');
      const created = await request(server)
        .post('/api/admin/categories')
        .set(bearer(admin))
        .set('x-request-id', 'req-category-create-1')
        .send({
          code: 'urban.shared-bikes',
          name: '共享单车',
          parentId: urban,
          territorial: true,
          keywords: ['共享单车', '乱停'],
        })
        .expect(201);
      expect(created.body).toMatchObject({ path: `/${urban}/${created.body.id}/`, depth: 1, active: true });
      expect(find(await tree(), 'urban.shared-bikes')).toBeDefined();
      await eventually(async () => find(await tree(other), 'urban.shared-bikes'));
      const audit = await request(server)
        .get('/api/admin/audit')
        .query({ entityType: 'category', entityId: String(created.body.id) })
        .set(bearer(admin))
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'create',
        requestId: 'req-category-create-1',
        after: { code: 'urban.shared-bikes' },
      });
    } finally {
      await other.close();
    }
  });

  it('should move a category with its subtree, and refuse a move under its own subtree', async () => {
    const housing = await ids.category('housing');
    const group = await request(server)
      .post('/api/admin/categories')
      .set(bearer(admin))
      .send({ code: 'test-group', name: '测试分组' })
      .expect(201);
    const child = await request(server)
      .post('/api/admin/categories')
      .set(bearer(admin))
      .send({ code: 'test-group.child', name: '测试子类', parentId: group.body.id })
      .expect(201);
    const cycle = await request(server)
      .patch(`/api/admin/categories/${group.body.id}`)
      .set(bearer(admin))
      .send({ parentId: child.body.id })
      .expect(400);
    expect(cycle.body.code).toBe('CATEGORY_PARENT_CYCLE');
    await request(server)
      .patch(`/api/admin/categories/${group.body.id}`)
      .set(bearer(admin))
      .send({ parentId: housing, name: '测试分组（已移动）' })
      .expect(200);
    const moved = await request(server).get(`/api/admin/categories/${child.body.id}`).set(bearer(admin)).expect(200);
    expect(moved.body).toMatchObject({ path: `/${housing}/${group.body.id}/${child.body.id}/`, depth: 2 });
    const housingNode = find(await tree(), 'housing');
    expect(find(housingNode?.children ?? [], 'test-group.child')).toBeDefined();
  });

  it('should refuse non-admin writes, unknown fields, a taken code and a bad default unit', async () => {
    const response = await request(server)
      .post('/api/admin/categories')
      .set(bearer(agent))
      .send({ code: 'x-cat', name: 'X' })
      .expect(403);
    expect(response.body.code).toBe('ROLE_NOT_ALLOWED');
    const unknown = await request(server)
      .patch(`/api/admin/categories/${await ids.category('urban')}`)
      .set(bearer(admin))
      .send({ code: 'renamed' })
      .expect(400);
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    const taken = await request(server)
      .post('/api/admin/categories')
      .set(bearer(admin))
      .send({ code: 'urban', name: '重复' })
      .expect(409);
    expect(taken.body.code).toBe('CATEGORY_CODE_TAKEN');
    const centre = await request(server)
      .post('/api/admin/categories')
      .set(bearer(admin))
      .send({ code: 'x-centre', name: '派给中心', defaultUnitId: await ids.unit('centre') })
      .expect(400);
    expect(centre.body.code).toBe('CATEGORY_DEFAULT_UNIT_INVALID');
  });

  it('should refuse to make a department matter of a category that rules send to villages', async () => {
    const villageRoad = await ids.category('agriculture.village-road');
    const refused = await request(server)
      .patch(`/api/admin/categories/${villageRoad}`)
      .set(bearer(admin))
      .send({ territorial: false })
      .expect(409);
    expect(refused.body.code).toBe('CATEGORY_TERRITORIAL_IN_USE');
    const still = await request(server).get(`/api/admin/categories/${villageRoad}`).set(bearer(admin)).expect(200);
    expect(still.body.territorial).toBe(true);
  });
});
