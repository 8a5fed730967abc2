import { INestApplication } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { deferStatement, runTransaction } from '../../../src/database/transaction';
import { appendTicketEvent, appendTicketEventLater } from '../../../src/tickets/ticket-event.writer';
import { Ticket } from '../../../src/tickets/ticket.entity';
import { TicketsService } from '../../../src/tickets/tickets.service';
import { createTestApp } from '../../app';

/**
 * runTransaction on the real server: what a transaction defers rides on its next statement in one
 * multi-statement query, reads see it, a failure rolls all of it back, and the connection stays usable.
 */
describe('runTransaction (e2e)', () => {
  let app: INestApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    await dataSource.query('DROP TABLE IF EXISTS tx_probe');
    await dataSource.query(
      'CREATE TABLE tx_probe (id INT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(40) NOT NULL UNIQUE, n INT NOT NULL)',
    );
  });

  afterAll(async () => {
    await dataSource.query('DROP TABLE IF EXISTS tx_probe');
    await app.close();
  });

  /**
   * The queries one transaction sent while `work` ran, one per round trip: those of the query runner
   * that sent a query containing `marker` (the app's own workers query too meanwhile).
   */
  async function roundTrips<T>(marker: string, work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
    const spy = jest.spyOn(MysqlQueryRunner.prototype, 'query');
    try {
      const result = await work();
      const calls = spy.mock.calls.map(([sql], i) => ({ sql, runner: spy.mock.contexts[i] as unknown }));
      const runner = calls.find((c) => c.sql.includes(marker))?.runner;
      return { result, sent: calls.filter((c) => c.runner === runner).map((c) => c.sql) };
    } finally {
      spy.mockRestore();
    }
  }

  it('should send the START with the first read and the deferred writes with the next read and the COMMIT', async () => {
    const { result, sent } = await roundTrips('tx_probe', () =>
      runTransaction(dataSource, async (manager) => {
        const before = (await manager.query('SELECT COUNT(*) AS c FROM tx_probe WHERE k LIKE ?', ['a%'])) as {
          c: number | string;
        }[];
        await deferStatement(manager, 'INSERT INTO tx_probe (k, n) VALUES (?, ?), (?, ?)', ['a1', 1, 'a2', 2]);
        await deferStatement(manager, 'UPDATE tx_probe SET n = n * 10 WHERE k = ?', ['a2']);
        // the read sees the writes sent in front of it
        const rows = (await manager.query('SELECT k, n FROM tx_probe WHERE k LIKE ? ORDER BY k', ['a%'])) as {
          k: string;
          n: number;
        }[];
        await deferStatement(manager, 'INSERT INTO tx_probe (k, n) VALUES (?, ?)', ['a3', 3]);
        return { before: Number(before[0]!.c), rows };
      }),
    );
    expect(result).toEqual({
      before: 0,
      rows: [
        { k: 'a1', n: 1 },
        { k: 'a2', n: 20 },
      ],
    });
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/^START TRANSACTION;\nSELECT COUNT/);
    expect(sent[1]).toMatch(/^INSERT INTO tx_probe .*;\nUPDATE tx_probe .*;\nSELECT k, n/s);
    expect(sent[2]).toMatch(/^INSERT INTO tx_probe .*;\nCOMMIT$/s);
    const stored = (await dataSource.query("SELECT k, n FROM tx_probe WHERE k LIKE 'a%' ORDER BY k")) as unknown[];
    expect(stored).toEqual([
      { k: 'a1', n: 1 },
      { k: 'a2', n: 20 },
      { k: 'a3', n: 3 },
    ]);
  });

  it('should roll everything back when a deferred write fails with the COMMIT, and keep the connection usable', async () => {
    await dataSource.query("INSERT INTO tx_probe (k, n) VALUES ('taken', 0)");
    const failed = runTransaction(dataSource, async (manager) => {
      await manager.query("INSERT INTO tx_probe (k, n) VALUES ('b1', 1)");
      await deferStatement(manager, "INSERT INTO tx_probe (k, n) VALUES ('b2', 2)", []);
      await deferStatement(manager, "INSERT INTO tx_probe (k, n) VALUES ('taken', 3)", []);
    });
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failed).rejects.toMatchObject({ driverError: { code: 'ER_DUP_ENTRY' } });
    // on every pooled connection (more queries at once than the pool holds): a connection handed back
    // inside the failed transaction would still see its own rows
    const reads = await Promise.all(
      Array.from({ length: 30 }, () => dataSource.query("SELECT k FROM tx_probe WHERE k IN ('b1', 'b2')")),
    );
    expect(reads.every((rows) => (rows as unknown[]).length === 0)).toBe(true);
    const again = await runTransaction(dataSource, async (manager) => {
      await deferStatement(manager, "INSERT INTO tx_probe (k, n) VALUES ('b3', 3)", []);
      return (await manager.query("SELECT k FROM tx_probe WHERE k = 'b3'")) as unknown[];
    });
    expect(again).toEqual([{ k: 'b3' }]);
  });

  it('should pair each deferred event with its outbox row and keep a ticket’s messages in the order of its events', async () => {
    const inserted = await dataSource.getRepository(Ticket).insert({
      number: `TX-${Date.now()}`,
      channel: 'web',
      sourceLine: '12345',
      callerName: '李四',
      callerPhone: '13900000000',
      callerConfidential: false,
      title: null,
      description: '井盖缺失',
      address: null,
      areaId: null,
      categoryId: null,
      appealType: 'help',
      urgency: 'normal',
      status: 'pending_dispatch',
      pendingRequest: null,
      classification: null,
    });
    const ticketId = Number(inserted.identifiers[0]!.id);
    const event = (action: string) => ({ action, fromStatus: null, toStatus: null, reason: null, payload: { action } });
    const { sent } = await roundTrips('AS locked_probe', () =>
      app.get(TicketsService).commit(async (manager) => {
        await manager.query('SELECT id AS locked_probe FROM tickets WHERE id = ? FOR UPDATE', [ticketId]);
        // written now (its id is read back), its outbox row deferred
        await appendTicketEvent(manager, ticketId, null, event('probe-first'));
        await appendTicketEventLater(manager, ticketId, null, event('probe-second'));
        await appendTicketEventLater(manager, ticketId, null, event('probe-third'), undefined, { extra: 1 });
      }),
    );
    const events = (await dataSource.query('SELECT id, action FROM ticket_events WHERE ticket_id = ? ORDER BY id', [
      ticketId,
    ])) as { id: number; action: string }[];
    const outbox = (await dataSource.query(
      'SELECT event_id AS eventId, payload FROM outbox WHERE ticket_id = ? ORDER BY id',
      [ticketId],
    )) as { eventId: number; payload: string | Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual(['probe-first', 'probe-second', 'probe-third']);
    expect(outbox.map((o) => Number(o.eventId))).toEqual(events.map((e) => Number(e.id)));
    const payloads = outbox.map((o) => (typeof o.payload === 'string' ? JSON.parse(o.payload) : o.payload) as object);
    expect(payloads[2]).toEqual({ extra: 1, action: 'probe-third', fromStatus: null, toStatus: null });
    // the lock read, the first event (its id is read back), and the rest with the COMMIT
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatch(/^INSERT INTO outbox .*;\nINSERT INTO ticket_events .*LAST_INSERT_ID\(\).*;\nCOMMIT$/s);
  });

  it('should store text that looks like SQL as text: values are escaped parameters, never statements', async () => {
    const hostile = "x'); DROP TABLE tx_probe; -- \\'; DELETE FROM tx_probe; #";
    await runTransaction(dataSource, async (manager) => {
      await manager.query('SELECT 1');
      await deferStatement(manager, 'INSERT INTO tx_probe (k, n) VALUES (?, ?)', [hostile.slice(0, 40), 9]);
    });
    const rows = (await dataSource.query('SELECT k FROM tx_probe WHERE n = 9')) as { k: string }[];
    expect(rows).toEqual([{ k: hostile.slice(0, 40) }]);
    expect(
      Number(((await dataSource.query('SELECT COUNT(*) AS c FROM tx_probe')) as { c: string }[])[0]!.c),
    ).toBeGreaterThan(3);
  });
});
