import type { DataSource } from 'typeorm';
import type { OutboxNotifier } from '../outbox/outbox.notifier';
import type { Call } from './call.entity';
import { CallsService, RecordedCall } from './calls.service';
import type { CtiCallDto } from './dto/cti-call.dto';

const dto: CtiCallDto = {
  callId: 'c-1',
  sourceLine: '12345',
  callerPhone: '13812345678',
  event: 'ringing',
  ringAt: '2026-11-26T01:00:00Z',
};
const recorded: RecordedCall = { call: { id: 1 } as Call, created: false };
const inTransaction = { ...recorded, queuedNotice: false };

// MariaDB serialises two first deliveries on the row lock, so the e2e race never reaches these errors;
// MySQL 8 can fail one of them on the unique key or as a deadlock victim, and the retry must absorb it
describe(CallsService.name, () => {
  function serviceFailing(...errors: unknown[]): { service: CallsService; transaction: jest.Mock } {
    const transaction = jest.fn();
    for (const error of errors) transaction.mockRejectedValueOnce(error);
    transaction.mockResolvedValue(inTransaction);
    const notifier = { notify: jest.fn() } as unknown as OutboxNotifier;
    return { service: new CallsService({ transaction } as unknown as DataSource, notifier), transaction };
  }

  it.each([
    ['a duplicate key', { code: 'ER_DUP_ENTRY' }],
    ['a wrapped duplicate key', { driverError: { code: 'ER_DUP_ENTRY' } }],
    ['a deadlock', { code: 'ER_LOCK_DEADLOCK' }],
  ])('should run the delivery again after losing a first-insert race with %s', async (_, error) => {
    const { service, transaction } = serviceFailing(error);
    await expect(service.record(dto)).resolves.toEqual(recorded);
    expect(transaction).toHaveBeenCalledTimes(2);
  });

  it('should give up after three lost races', async () => {
    const race = { code: 'ER_LOCK_DEADLOCK' };
    const { service, transaction } = serviceFailing(race, race, race);
    await expect(service.record(dto)).rejects.toBe(race);
    expect(transaction).toHaveBeenCalledTimes(3);
  });

  it('should not retry any other failure', async () => {
    const down = new Error('connection lost');
    const { service, transaction } = serviceFailing(down);
    await expect(service.record(dto)).rejects.toBe(down);
    expect(transaction).toHaveBeenCalledTimes(1);
  });
});
