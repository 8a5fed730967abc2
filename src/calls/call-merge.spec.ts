import { DomainError } from '../common/domain-error';
import { CallFields, IncomingCall, mergeCall } from './call-merge';

const ringAt = new Date('2026-11-26T01:00:00.000Z');
const answerAt = new Date('2026-11-26T01:00:08.000Z');
const endAt = new Date('2026-11-26T01:04:00.000Z');

const base: CallFields = {
  ctiCallId: 'c-1',
  sourceLine: '12345',
  callerPhone: '13812345678',
  agentUserId: 7,
  agentExtension: '8001',
  ringAt,
  answerAt: null,
  endAt: null,
  recordingUrl: null,
};

const delivery = (overrides: Partial<IncomingCall> = {}): IncomingCall => ({ ...base, event: 'ringing', ...overrides });
const stored = (overrides: Partial<CallFields> = {}): CallFields => ({ ...base, ...overrides });

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('mergeCall', () => {
  it('should take a first delivery as it is and notify its agent', () => {
    const merge = mergeCall(null, delivery());
    expect(merge.row).toEqual(stored());
    expect(merge.notifyAgentUserId).toBe(7);
  });

  it('should not notify for a first delivery without an agent, nor for one that has already ended', () => {
    expect(mergeCall(null, delivery({ agentUserId: null })).notifyAgentUserId).toBeNull();
    expect(mergeCall(null, delivery({ event: 'ended', answerAt, endAt })).notifyAgentUserId).toBeNull();
  });

  it('should fill answerAt, endAt and the recording as the call progresses, without notifying again', () => {
    const answered = mergeCall(stored(), delivery({ event: 'answered', answerAt }));
    expect(answered.changes).toEqual({ answerAt });
    expect(answered.notifyAgentUserId).toBeNull();
    const ended = mergeCall(
      answered.row,
      delivery({ event: 'ended', endAt, recordingUrl: 'https://rec.example/c-1.mp3' }),
    );
    expect(ended.row).toMatchObject({ answerAt, endAt, recordingUrl: 'https://rec.example/c-1.mp3' });
    expect(ended.changes).toEqual({ endAt, recordingUrl: 'https://rec.example/c-1.mp3' });
  });

  it('should never empty a filled field, even when an older delivery arrives late', () => {
    const full = stored({ answerAt, endAt, recordingUrl: 'https://rec.example/c-1.mp3' });
    const late = mergeCall(full, delivery({ agentUserId: null, agentExtension: null }));
    expect(late.changes).toEqual({});
    expect(late.row).toEqual(full);
    expect(late.notifyAgentUserId).toBeNull();
  });

  it('should see a re-sent identical delivery as no change', () => {
    const merge = mergeCall(stored({ answerAt }), delivery({ event: 'answered', answerAt: new Date(answerAt) }));
    expect(merge.changes).toEqual({});
    expect(merge.notifyAgentUserId).toBeNull();
  });

  it('should notify an agent who joins a ringing or answered call later, but not one who joins after it ended', () => {
    expect(mergeCall(stored({ agentUserId: null }), delivery({ event: 'answered', answerAt })).notifyAgentUserId).toBe(
      7,
    );
    expect(mergeCall(stored({ agentUserId: 3 }), delivery({ event: 'answered', answerAt })).notifyAgentUserId).toBe(7);
    expect(
      mergeCall(stored({ agentUserId: null, endAt }), delivery({ event: 'answered', answerAt })).notifyAgentUserId,
    ).toBeNull();
  });

  it.each([
    ['answered before it rang', null, delivery({ answerAt: new Date(ringAt.getTime() - 1) })],
    ['ended before it rang', null, delivery({ endAt: new Date(ringAt.getTime() - 1) })],
    ['ended before it was answered', null, delivery({ answerAt, endAt: new Date(answerAt.getTime() - 1) })],
    ['ended before the stored answer', stored({ answerAt }), delivery({ endAt: new Date(answerAt.getTime() - 1) })],
  ])('should refuse a call %s', (_, before, incoming) => {
    expect(codeOf(() => mergeCall(before, incoming))).toBe('CALL_TIMES_OUT_OF_ORDER');
  });

  it.each([
    ['sourceLine', { sourceLine: '12315' }],
    ['callerPhone', { callerPhone: '13900000000' }],
    ['ringAt', { ringAt: new Date(ringAt.getTime() + 1000) }],
    ['ctiCallId differing only in case', { ctiCallId: 'C-1' }],
  ])('should refuse a delivery whose %s disagrees with the stored call', (_, overrides) => {
    expect(codeOf(() => mergeCall(stored(), delivery(overrides)))).toBe('CTI_CALL_MISMATCH');
  });
});
