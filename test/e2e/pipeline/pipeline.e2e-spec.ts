import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../app';
import { loginAll, TicketDriver, Tokens } from '../../factories/tickets';
import { waitFor } from '../../wait-for';

interface Detail {
  status: string;
  primaryUnitId: number | null;
  coHandlerUnitIds: number[];
  categoryId: number | null;
  areaId: number | null;
  events: { action: string; payload: Record<string, unknown> | null }[];
}

describe('Classify and dispatch pipeline (e2e)', () => {
  let app: INestApplication<App>;
  let t: Tokens;
  let d: TicketDriver;
  let db: DataSource;

  const id = async (sql: string, params: unknown[]): Promise<number> => {
    const rows = (await db.query(sql, params)) as { id: number }[];
    if (!rows[0]) throw new Error(`nothing for ${sql} ${JSON.stringify(params)}`);
    return Number(rows[0].id);
  };
  const areaId = (name: string) => id('SELECT id FROM areas WHERE name = ?', [name]);
  const categoryId = (code: string) => id('SELECT id FROM categories WHERE code = ?', [code]);
  const unitId = (code: string) => id('SELECT id FROM units WHERE code = ?', [code]);

  /** Submits a ticket and waits until the pipeline has dispatched it or left it in the pool. */
  const submitAndSettle = async (body: Record<string, unknown>): Promise<Detail> => {
    const created = await d.create(t.agent, body);
    await d.ok(t.agent, created.id, 'submit');
    return waitFor(
      async () => {
        const detail = (await d.get(t.supervisor, created.id)).body as Detail;
        const settled =
          detail.status !== 'pending_dispatch' ||
          detail.events.some((e) => ['dispatch-suggested', 'emergency-flagged'].includes(e.action));
        return settled ? detail : null;
      },
      { timeoutMs: 15_000, what: `ticket ${created.id} to leave the pipeline` },
    );
  };

  beforeAll(async () => {
    process.env.PIPELINE_ENABLED = 'true';
    app = await createTestApp();
    t = await loginAll(app);
    d = new TicketDriver(app);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    process.env.PIPELINE_ENABLED = 'false';
  });

  it('should dispatch a department matter to the fixed unit of the rules', async () => {
    const detail = await submitAndSettle({
      description: '我在娜姑镇的一家超市买到过期的牛奶，生产日期是去年的，要求超市退款并赔偿，希望市场监管部门查处',
      categoryId: await categoryId('food-drug.food-safety'),
      areaId: await areaId('娜姑镇'),
    });
    expect(detail.status).toBe('assigned');
    expect(detail.primaryUnitId).toBe(await unitId('dept-market'));
    expect(detail.events.filter((e) => e.action === 'dispatch')).toHaveLength(1);
    // the classification rides on the dispatch's UPDATE, which counts both events
    const [row] = (await db.query(
      "SELECT version, JSON_VALUE(classification, '$.method') AS method FROM tickets WHERE id = ?",
      [(detail as unknown as { id: number }).id],
    )) as { version: number; method: string | null }[];
    expect(row.method).not.toBeNull();
    // created 1, submitted 2, then classified and dispatched
    expect(Number(row.version)).toBe(4);
    await d.expectTimelineReplays(Number((detail as unknown as { id: number }).id));
  });

  it('should dispatch a territorial matter to the township serving the place the text names', async () => {
    const detail = await submitAndSettle({
      description: '娜姑镇白雾村村口的垃圾堆了半个月没人清运，臭气熏天，蚊蝇很多，请尽快处理',
    });
    expect(detail.status).toBe('assigned');
    // the unit serves the place: its area is the ticket's area or one of its ancestors
    const [row] = (await db.query(
      'SELECT u.kind, ua.path AS unitAreaPath, ta.path AS ticketAreaPath FROM units u JOIN areas ua ON ua.id = u.area_id JOIN areas ta ON ta.id = ?  WHERE u.id = ?',
      [detail.areaId, detail.primaryUnitId],
    )) as { kind: string; unitAreaPath: string; ticketAreaPath: string }[];
    expect(['township', 'village', 'grid_station']).toContain(row.kind);
    expect(row.ticketAreaPath.startsWith(row.unitAreaPath)).toBe(true);
  });

  it('should dispatch with the co-handlers the rule names', async () => {
    const [rule] = (await db.query(
      "SELECT r.category_id AS categoryId, r.area_id AS areaId FROM responsibility_rules r WHERE JSON_LENGTH(r.co_handler_unit_ids) > 0 AND r.area_id IS NOT NULL AND r.target_kind = 'unit' AND r.active = 1 LIMIT 1",
    )) as { categoryId: number; areaId: number }[];
    const detail = await submitAndSettle({
      description: '反映一个需要多部门协同处理的问题，请相关部门尽快处理',
      categoryId: rule.categoryId,
      areaId: rule.areaId,
    });
    expect(detail.status).toBe('assigned');
    expect(detail.coHandlerUnitIds.length).toBeGreaterThan(0);
  });

  it('should leave a no-rule matter in the pool with the reason', async () => {
    const detail = await submitAndSettle({
      description: '其他问题：想反映一下我们这里的一件事情',
      categoryId: await categoryId('other.misc'),
      areaId: await areaId('娜姑镇'),
    });
    expect(detail.status).toBe('pending_dispatch');
    const suggested = detail.events.find((e) => e.action === 'dispatch-suggested');
    expect(suggested?.payload?.why).toBe('no_rule');
    // the classification and the pool's marker are written in one UPDATE that counts both events
    const [row] = (await db.query(
      "SELECT version, JSON_VALUE(classification, '$.pooledRoundEventId') AS pooled, JSON_VALUE(classification, '$.roundEventId') AS round FROM tickets WHERE id = ?",
      [(detail as unknown as { id: number }).id],
    )) as { version: number; pooled: string | null; round: string | null }[];
    expect(row.pooled).not.toBeNull();
    expect(row.pooled).toBe(row.round);
    // created 1, submitted 2, then classified and pooled
    expect(Number(row.version)).toBe(4);
  });

  it('should never auto-dispatch an emergency, and flag the hand-over line', async () => {
    const detail = await submitAndSettle({
      description: '古城街道一栋居民楼着火了，楼道里全是浓烟，有人被困在三楼',
      categoryId: await categoryId('food-drug.food-safety'),
      areaId: await areaId('娜姑镇'),
    });
    expect(detail.status).toBe('pending_dispatch');
    const flagged = detail.events.find((e) => e.action === 'emergency-flagged');
    expect(flagged?.payload?.emergency).toMatchObject({ handOverTo: '119' });
  });

  it('should link a likely duplicate of the same caller, however the number was typed, and hold it for a person', async () => {
    const text = '我家楼下的烧烤摊每天晚上油烟很大，严重影响休息，多次反映没有解决';
    const first = await submitAndSettle({ description: text, callerPhone: '135-1234-0000' });
    const second = await submitAndSettle({ description: `${text}，再次反映`, callerPhone: '13512340000' });
    const classified = second.events.find((e) => e.action === 'classified');
    const duplicates = classified!.payload!.duplicates as { ticketId: number; reason: string }[];
    expect(duplicates[0]).toMatchObject({ ticketId: (first as unknown as { id: number }).id, reason: 'same_caller' });
    expect(second.status).toBe('pending_dispatch');
    expect(second.events.find((e) => e.action === 'dispatch-suggested')?.payload?.why).toBe('possible_duplicate');
  });
});
