import { DomainError } from '../common/domain-error';
import type { Call } from './call.entity';
import type { CallEvent } from './dto/cti-call.dto';

/** The columns a webhook delivery may set. */
export type CallFields = Pick<
  Call,
  | 'ctiCallId'
  | 'sourceLine'
  | 'callerPhone'
  | 'agentUserId'
  | 'agentExtension'
  | 'ringAt'
  | 'answerAt'
  | 'endAt'
  | 'recordingUrl'
>;

/** One delivery, its agent already resolved to a user id (or null). */
export interface IncomingCall extends CallFields {
  event: CallEvent;
}

export interface CallMerge {
  /** The row as it must be after this delivery. */
  row: CallFields;
  /** What differs from the stored row; empty for a re-sent identical delivery. */
  changes: Partial<CallFields>;
  /** The agent to notify of an incoming call, or null. */
  notifyAgentUserId: number | null;
}

const sameTime = (a: Date, b: Date): boolean => a.getTime() === b.getTime();
const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? sameTime(a, b) : a === b;

/** Refuses a call whose instants run backwards: answered before it rang, ended before it was answered. */
export function assertCallTimesInOrder(call: Pick<CallFields, 'ringAt' | 'answerAt' | 'endAt'>): void {
  const { ringAt, answerAt, endAt } = call;
  if (answerAt && answerAt < ringAt) {
    throw DomainError.invalidInput('CALL_TIMES_OUT_OF_ORDER', 'answerAt is before ringAt', {
      ringAt: ringAt.toISOString(),
      answerAt: answerAt.toISOString(),
    });
  }
  const start = answerAt ?? ringAt;
  if (endAt && endAt < start) {
    throw DomainError.invalidInput('CALL_TIMES_OUT_OF_ORDER', `endAt is before ${answerAt ? 'answerAt' : 'ringAt'}`, {
      ringAt: ringAt.toISOString(),
      answerAt: answerAt?.toISOString() ?? null,
      endAt: endAt.toISOString(),
    });
  }
}

/**
 * Folds one delivery into the stored row. The CTI re-sends the whole call as it progresses, possibly
 * out of order, so a field only ever goes from empty to filled (or to a newer non-empty value), never
 * back to empty. The id, the line, the caller and the ring instant name the call: a delivery that disagrees on
 * them is a different call under a reused id, and is refused rather than merged into this one.
 */
export function mergeCall(stored: CallFields | null, incoming: IncomingCall): CallMerge {
  const { event, ...fields } = incoming;
  if (stored) {
    // ctiCallId too: the column's collation is case-insensitive, so 'ABC' finds the row of 'abc'
    const differing = (['ctiCallId', 'sourceLine', 'callerPhone', 'ringAt'] as const).filter(
      (key) => !sameValue(stored[key], fields[key]),
    );
    if (differing.length > 0) {
      throw DomainError.conflict('CTI_CALL_MISMATCH', `This callId was recorded with another ${differing.join(', ')}`, {
        fields: differing,
      });
    }
  }
  const row: CallFields = stored
    ? {
        ...fields,
        agentUserId: fields.agentUserId ?? stored.agentUserId,
        agentExtension: fields.agentExtension ?? stored.agentExtension,
        answerAt: fields.answerAt ?? stored.answerAt,
        endAt: fields.endAt ?? stored.endAt,
        recordingUrl: fields.recordingUrl ?? stored.recordingUrl,
      }
    : fields;
  assertCallTimesInOrder(row);

  const changes: Partial<CallFields> = {};
  if (stored) {
    for (const key of Object.keys(row) as (keyof CallFields)[]) {
      if (!sameValue(row[key], stored[key])) Object.assign(changes, { [key]: row[key] });
    }
  }
  // the agent hears of the call once: on the first ringing/answered delivery that puts them on it,
  // and not at all for a call already known to be over
  const agentIsNew = row.agentUserId !== null && row.agentUserId !== (stored?.agentUserId ?? null);
  const notify = event !== 'ended' && agentIsNew && !stored?.endAt;
  return { row, changes, notifyAgentUserId: notify ? row.agentUserId : null };
}
