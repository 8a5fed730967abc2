import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EntityRows } from '../../../src/database/entity-rows';
import { SlaAssignment } from '../../../src/sla/sla-assignment.entity';
import { Ticket } from '../../../src/tickets/ticket.entity';
import { createTestApp } from '../../app';

/** The plain statements of the hot paths must read and write exactly what TypeORM's own methods do. */
describe('EntityRows (e2e)', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let ticketId: number;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const inserted = await dataSource.getRepository(Ticket).insert({
      number: `ER-${Date.now()}`,
      channel: 'web',
      sourceLine: '12345',
      callerName: '张三',
      callerPhone: '13800000000',
      callerConfidential: true,
      title: null,
      description: '路灯坏了',
      address: null,
      areaId: null,
      categoryId: null,
      appealType: 'help',
      urgency: 'urgent',
      status: 'pending_dispatch',
      pendingRequest: null,
      classification: { category: { label: '城乡建设', confidence: 0.93 }, nested: [1, 'two', null] },
      acceptDueAt: new Date('2026-11-30T01:02:03.456Z'),
      slaPolicyVersion: 3,
    });
    ticketId = Number(inserted.identifiers[0]!.id);
  });

  afterAll(async () => {
    await app.close();
  });

  it('should hydrate a ticket exactly as findOneBy does: booleans, JSON, dates, nulls and numbers', async () => {
    const rows = EntityRows.of(dataSource, Ticket);
    const [plain] = await rows.select(dataSource.manager, 'id = ?', [ticketId]);
    const builder = await dataSource.getRepository(Ticket).findOneByOrFail({ id: ticketId });
    expect(plain).toBeInstanceOf(Ticket);
    expect(plain).toEqual(builder);
    expect(plain!.callerConfidential).toBe(true);
    expect(plain!.classification).toEqual({
      category: { label: '城乡建设', confidence: 0.93 },
      nested: [1, 'two', null],
    });
    expect(plain!.acceptDueAt).toEqual(new Date('2026-11-30T01:02:03.456Z'));
    expect(plain!.firstContactDueAt).toBeNull();
  });

  it('should update the named columns, bump the version and the update time, and count the rows changed', async () => {
    const rows = EntityRows.of(dataSource, Ticket);
    const before = await dataSource.getRepository(Ticket).findOneByOrFail({ id: ticketId });
    const changed = await rows.update(
      dataSource.manager,
      {
        classification: { category: { label: '交通运输' } },
        callerConfidential: false,
        resolutionDueAt: new Date('2026-12-02T00:00:00.001Z'),
        title: undefined,
      },
      'id = ? AND version = ?',
      [ticketId, before.version],
    );
    expect(changed).toBe(1);
    const after = await dataSource.getRepository(Ticket).findOneByOrFail({ id: ticketId });
    expect(after.classification).toEqual({ category: { label: '交通运输' } });
    expect(after.callerConfidential).toBe(false);
    expect(after.resolutionDueAt).toEqual(new Date('2026-12-02T00:00:00.001Z'));
    expect(after.description).toBe('路灯坏了');
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    // a stale version changes nothing
    expect(await rows.update(dataSource.manager, { urgency: 'normal' }, 'id = ? AND version = ?', [ticketId, 1])).toBe(
      0,
    );
    // an expression, and a property that is not a column
    await rows.update(dataSource.manager, { version: () => 'version + 5' }, 'id = ?', [ticketId]);
    expect((await dataSource.getRepository(Ticket).findOneByOrFail({ id: ticketId })).version).toBe(after.version + 5);
    await expect(
      rows.update(dataSource.manager, { nope: 1 } as unknown as Partial<Ticket>, 'id = ?', [ticketId]),
    ).rejects.toThrow('Ticket has no column for nope');
  });

  it('should insert a row that reads back as the one TypeORM would have written', async () => {
    const rows = EntityRows.of(dataSource, SlaAssignment);
    const values = {
      ticketId,
      unitId: 7,
      policyVersion: 3,
      clocks: { accept: { amount: 1, unit: 'working_days' } },
      dispatchedAt: new Date('2026-11-27T08:00:00.123Z'),
      acceptStartedAt: new Date('2026-11-27T08:00:00.123Z'),
      acceptDueAt: new Date('2026-11-30T08:00:00.123Z'),
      firstContactDueAt: new Date('2026-11-28T08:00:00.123Z'),
      resolutionStartedAt: new Date('2026-11-27T08:00:00.123Z'),
      resolutionDueAt: new Date('2026-12-02T08:00:00.123Z'),
      pendingExtensionDays: null,
      returned: false,
      calendarFallback: true,
    } as Partial<SlaAssignment>;
    const id = await rows.insert(dataSource.manager, values);
    const viaBuilder = await dataSource.getRepository(SlaAssignment).insert(values);
    const [plain, builder] = await Promise.all([
      dataSource.getRepository(SlaAssignment).findOneByOrFail({ id }),
      dataSource.getRepository(SlaAssignment).findOneByOrFail({ id: Number(viaBuilder.identifiers[0]!.id) }),
    ]);
    const strip = (a: SlaAssignment): Partial<SlaAssignment> => ({
      ...a,
      id: 0,
      createdAt: undefined,
      updatedAt: undefined,
    });
    expect(strip(plain)).toEqual(strip(builder));
    expect(plain.clocks).toEqual({ accept: { amount: 1, unit: 'working_days' } });
    expect(plain.returned).toBe(false);
  });
});
