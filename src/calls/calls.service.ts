import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import { decodeIdCursor, Page, pageOf } from '../common/pagination';
import { User } from '../org/user.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { OutboxNotifier } from '../outbox/outbox.notifier';
import { Call } from './call.entity';
import { assertCallTimesInOrder, IncomingCall, mergeCall } from './call-merge';
import type { CtiCallDto } from './dto/cti-call.dto';
import type { ListCallsQuery } from './dto/list-calls.query';

/** Topic of the outbox row that tells the realtime relay to pop the call up on the agent's console. */
export const CALL_INCOMING_TOPIC = 'call.incoming';

export interface CallIncomingPayload {
  /** Our id of the call (calls.id). */
  callId: number;
  ctiCallId: string;
  sourceLine: string;
  callerPhone: string;
  agentUserId: number;
  event: 'ringing' | 'answered';
  /** ISO instant of the event: when it rang, or when it was answered. */
  at: string;
}

export interface RecordedCall {
  call: Call;
  /** True when this delivery created the row (the first one the CTI sent for this call). */
  created: boolean;
}

const callNotFound = (id: number): DomainError => DomainError.notFound('CALL_NOT_FOUND', `No call with id ${id}`);

// two first deliveries racing: the loser's INSERT fails on the unique cti_call_id (or InnoDB picks it as the
// deadlock victim of the two gap locks); run it again and it finds the winner's row and updates that
const MAX_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.driverError?.code === 'ER_LOCK_DEADLOCK';
}

const instant = (value: string | undefined): Date | null => (value === undefined ? null : new Date(value));

/** Consolidated hotline calls as the telephony (CTI) system reports them, and their link to tickets. */
@Injectable()
export class CallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxNotifier,
  ) {}

  /**
   * Records one webhook delivery: creates the call or folds the delivery into it, and queues the
   * "incoming call" notice for its agent, all in one transaction. Idempotent by the CTI's call id.
   */
  async record(dto: CtiCallDto): Promise<RecordedCall> {
    const incoming: IncomingCall = {
      ctiCallId: dto.callId,
      sourceLine: dto.sourceLine,
      callerPhone: dto.callerPhone,
      agentUserId: await this.resolveAgent(dto.agentUsername),
      agentExtension: dto.agentExtension ?? null,
      event: dto.event,
      ringAt: new Date(dto.ringAt),
      answerAt: instant(dto.answerAt),
      endAt: instant(dto.endAt),
      recordingUrl: dto.recordingUrl ?? null,
    };
    assertCallTimesInOrder(incoming);
    for (let attempt = 1; ; attempt++) {
      try {
        const { queuedNotice, ...recorded } = await this.dataSource.transaction((manager) =>
          this.upsert(manager, incoming),
        );
        // after the commit, so the relay that wakes up finds the row
        if (queuedNotice) this.outbox.notify();
        return recorded;
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && (isDuplicateKeyError(error) || isDeadlock(error))) continue;
        throw error;
      }
    }
  }

  async list(query: ListCallsQuery, user: AuthUser): Promise<Page<Call>> {
    const limit = query.limit ?? 50;
    const before = decodeIdCursor(query.cursor);
    const from = instant(query.from);
    const to = instant(query.to);
    if (from && to && from > to) throw DomainError.invalidInput('INVALID_TIME_RANGE', 'from is after to');
    // newest first: ids grow with every new call, so the keyset is "ids below the last one seen"
    const qb = this.dataSource
      .getRepository(Call)
      .createQueryBuilder('c')
      .orderBy('c.id', 'DESC')
      .take(limit + 1);
    if (before) qb.andWhere('c.id < :before', { before });
    if (query.mine) qb.andWhere('c.agent_user_id = :me', { me: user.id });
    if (query.agentUserId) qb.andWhere('c.agent_user_id = :agent', { agent: query.agentUserId });
    if (query.callerPhone) qb.andWhere('c.caller_phone = :phone', { phone: query.callerPhone });
    if (from) qb.andWhere('c.ring_at >= :from', { from });
    if (to) qb.andWhere('c.ring_at < :to', { to });
    return pageOf(await qb.getMany(), limit);
  }

  async findById(id: number): Promise<Call> {
    const call = await this.dataSource.getRepository(Call).findOneBy({ id });
    if (!call) throw callNotFound(id);
    return call;
  }

  /**
   * Links a call to the ticket it created or is about, inside the caller's (the tickets module's)
   * transaction, so the ticket and the link commit or roll back together. Linking again to the same
   * ticket is a no-op (`linked` false); a call already linked to another ticket is refused.
   */
  async linkToTicket(
    manager: EntityManager,
    callId: number,
    ticketId: number,
  ): Promise<{ call: Call; linked: boolean }> {
    const call = await manager.findOne(Call, { where: { id: callId }, lock: { mode: 'pessimistic_write' } });
    if (!call) throw callNotFound(callId);
    if (call.ticketId !== null && Number(call.ticketId) !== ticketId) {
      throw DomainError.conflict('CALL_ALREADY_LINKED', `Call ${callId} is already linked to ticket ${call.ticketId}`, {
        ticketId: Number(call.ticketId),
      });
    }
    if (call.ticketId !== null) return { call, linked: false };
    await manager.update(Call, { id: callId }, { ticketId });
    call.ticketId = ticketId;
    return { call, linked: true };
  }

  private async upsert(
    manager: EntityManager,
    incoming: IncomingCall,
  ): Promise<RecordedCall & { queuedNotice: boolean }> {
    // the row lock serialises deliveries of one call, so the merge below sees the latest committed state
    const stored = await manager.findOne(Call, {
      where: { ctiCallId: incoming.ctiCallId },
      lock: { mode: 'pessimistic_write' },
    });
    const merge = mergeCall(stored, incoming);
    let call: Call;
    if (!stored) {
      const inserted = await manager.insert(Call, merge.row);
      call = await manager.findOneByOrFail(Call, { id: Number(inserted.identifiers[0]?.id) });
    } else if (Object.keys(merge.changes).length > 0) {
      await manager.update(Call, { id: stored.id }, merge.changes);
      call = await manager.findOneByOrFail(Call, { id: stored.id });
    } else {
      call = stored;
    }
    const { event } = incoming;
    const agentUserId = merge.notifyAgentUserId;
    // mergeCall never notifies for 'ended'; testing the event again narrows its type for the payload
    const queuedNotice = agentUserId !== null && event !== 'ended';
    if (queuedNotice) {
      const payload: CallIncomingPayload = {
        callId: Number(call.id),
        ctiCallId: call.ctiCallId,
        sourceLine: call.sourceLine,
        callerPhone: call.callerPhone,
        agentUserId,
        event,
        at: (event === 'answered' ? (call.answerAt ?? call.ringAt) : call.ringAt).toISOString(),
      };
      await manager.insert(OutboxMessage, {
        topic: CALL_INCOMING_TOPIC,
        ticketId: null,
        eventId: null,
        payload: { ...payload },
      });
    }
    return { call, created: !stored, queuedNotice };
  }

  /** The agent answering, by username; anyone else (unknown, inactive, not an agent) is not linked. */
  private async resolveAgent(username: string | undefined): Promise<number | null> {
    if (!username) return null;
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.username = :username', { username: username.trim().toLowerCase() })
      .andWhere('u.active = 1')
      .andWhere("FIND_IN_SET('agent', u.roles) > 0")
      .getOne();
    return user?.id ?? null;
  }
}
