import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { seedDemo } from '../../../src/seed/demo-seed';
import { createTestApp, DEMO_PASSWORD } from '../../app';

describe('Demo seed (e2e)', () => {
  let app: INestApplication<App>;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  const countByLevel = async (): Promise<Record<string, number>> => {
    const rows = (await dataSource.query('SELECT level, COUNT(*) AS n FROM areas WHERE code LIKE ? GROUP BY level', [
      '530326%',
    ])) as {
      level: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
  };

  it('should hold the demo county: 25 townships, 381 villages, 4,847 grids', async () => {
    const counts = await countByLevel();
    // the admin tests may add a few test areas with 5303269xx codes; count the seeded ones by their code shape
    const [seeded] = (await dataSource.query(
      "SELECT SUM(level = 'township') AS t, SUM(level = 'village') AS v, SUM(level = 'grid') AS g FROM areas WHERE code NOT LIKE '5303260019%' AND code NOT LIKE '530326999%'",
    )) as { t: string; v: string; g: string }[];
    expect(counts.county).toBe(1);
    expect(Number(seeded.t)).toBe(25);
    expect(Number(seeded.v)).toBe(381);
    expect(Number(seeded.g)).toBe(4847);
  });

  it('should give every area and unit a path that ends with its own id under its parent', async () => {
    const [bad] = (await dataSource.query(
      "SELECT COUNT(*) AS n FROM areas c LEFT JOIN areas p ON p.id = c.parent_id WHERE c.path <> CONCAT(COALESCE(p.path, '/'), c.id, '/')",
    )) as { n: string }[];
    expect(Number(bad.n)).toBe(0);
    const [badUnits] = (await dataSource.query(
      "SELECT COUNT(*) AS n FROM units c LEFT JOIN units p ON p.id = c.parent_id WHERE c.path <> CONCAT(COALESCE(p.path, '/'), c.id, '/')",
    )) as { n: string }[];
    expect(Number(badUnits.n)).toBe(0);
  });

  it('should have about 20 county departments, a unit per township and demo users for every role', async () => {
    const kinds = Object.fromEntries(
      (
        (await dataSource.query('SELECT kind, COUNT(*) AS n FROM units GROUP BY kind')) as { kind: string; n: string }[]
      ).map((r) => [r.kind, Number(r.n)]),
    );
    expect(kinds.centre).toBe(1);
    expect(kinds.department).toBeGreaterThanOrEqual(18);
    expect(kinds.township).toBe(25);
    for (const role of ['agent', 'dispatcher', 'clerk', 'supervisor', 'admin']) {
      const [row] = (await dataSource.query('SELECT COUNT(*) AS n FROM users WHERE FIND_IN_SET(?, roles) > 0', [
        role,
      ])) as { n: string }[];
      expect(Number(row.n)).toBeGreaterThan(0);
    }
    // every department and township has its clerk-<unit code> login
    const [missing] = (await dataSource.query(
      "SELECT COUNT(*) AS n FROM units u LEFT JOIN users s ON s.username = CONCAT('clerk-', u.code) WHERE u.kind IN ('department', 'township') AND u.code NOT LIKE 'dept-test%' AND s.id IS NULL",
    )) as { n: string }[];
    expect(Number(missing.n)).toBe(0);
  });

  it('should be idempotent: seeding again adds nothing and changes no login', async () => {
    const before = await countByLevel();
    const report = await seedDemo(dataSource, { password: 'another-password' });
    expect(report.areas.added + report.units.added + report.users.added).toBe(0);
    expect(await countByLevel()).toEqual(before);
    await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'agent', password: DEMO_PASSWORD })
      .expect(200);
  });
});
