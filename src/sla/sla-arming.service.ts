import { InjectQueue } from '@nestjs/bullmq';
import { TICKET_EVENT_TOPIC } from '../tickets/ticket-event.writer';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { OutboxDispatcher, OutboxEnvelope } from '../outbox/outbox.dispatcher';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { CalendarService } from './calendar.service';
import { Clock } from './clock';
import { loadSlaStates, SlaState } from './sla-records';
import { JOB_OF_KIND, SLA_QUEUE, SlaJobData, slaJobId } from './sla-timers';
import { SlaTimerService } from './sla-timer.service';
import { TimerKind, TimerPlan, timersOf, timersToArm } from './ticket-deadlines';

/** Ticket events after which a ticket's timers change: a clock started, moved, met or stopped. */
const ARMING_ACTIONS: ReadonlySet<string> = new Set([
  'dispatch',
  'forward',
  'accept',
  'record-contact',
  'decide-extension',
  'decide-suspension',
  'resume',
  'decide-return',
  'reply',
  'review',
  'callback',
]);

/** A Redis that does not answer must not hold the outbox relay or the sweeper for long. */
const REDIS_TIMEOUT_MS = 3000;

export interface ArmOptions {
  /** Record timers already due now, in this process, instead of enqueueing them (the sweeper). */
  fireDue?: boolean;
  /** Leave the queue alone (Redis is down): only fire what is due. */
  enqueue?: boolean;
  /** Timers already recorded: neither fired nor enqueued again. */
  recorded?: ReadonlySet<string>;
  /** The timer whose job has just run: arm as of its instant at least (see rearm). */
  ran?: RanTimer;
}

export type RanTimer = Pick<SlaJobData, 'clock' | 'dueAt'> & { kind: TimerKind };

export function timerKey(ticketId: number, t: { clock: string; kind: string; dueAt: Date }): string {
  return `${ticketId}:${t.clock}:${t.kind}:${t.dueAt.getTime()}`;
}

/**
 * Arms a ticket's SLA timers as BullMQ delayed jobs after every event that changes its clocks
 * (fed by the outbox, so a Redis outage delays arming but loses nothing). Only the timers due
 * soonest are enqueued (timersToArm: those already due and the next instant's), not all six: most
 * are met before they fire (a clerk accepts before the accept warning), and each would cost an add
 * now and a removal, or an add that finds it there, at every later event. When a timer has run,
 * SlaProcessor arms the ticket again, which enqueues the next one; a chain broken meanwhile (Redis
 * down) is re-armed by the sweeper.
 * Job ids are deterministic and done jobs are kept a day, so arming again never adds a job that is
 * running or has run. The ids armed per ticket are remembered in a Redis set so that a met or moved
 * clock's jobs, and a timer no longer the next one, are removed (when still waiting) rather than left
 * to fire as stale.
 */
@Injectable()
export class SlaArmingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(SLA_QUEUE) private readonly queue: Queue<SlaJobData>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly outbox: OutboxDispatcher,
    private readonly timers: SlaTimerService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.outbox.onBatch(TICKET_EVENT_TOPIC, 'sla', (messages) => this.onTicketEvents(messages));
  }

  /**
   * Arms one ticket from its current state, after one of its timers has run. `ran` is that timer: the
   * ticket is armed as of its instant at least, so a job that ran early (its instant still ahead) does
   * not take itself for the next one, whose id is taken anyway, and arms the timers after it instead.
   */
  async rearm(ticketId: number, ran?: RanTimer): Promise<void> {
    const [state] = await loadSlaStates(this.dataSource.manager, [ticketId]);
    const outcome = state ? await this.arm(state, { ran }) : null;
    // thrown for the caller to retry (BullMQ retries the job): arming is idempotent
    if (outcome?.error) throw outcome.error;
  }

  /**
   * Returns how many timers were enqueued and how many fired here; a queue that cannot be reached is
   * reported in `error` (after the due timers have been recorded), not thrown, so the sweeper goes on.
   */
  async arm(state: SlaState, options: ArmOptions = {}): Promise<{ enqueued: number; fired: number; error?: Error }> {
    const now = this.clock.now();
    const all = timersOf(state.record, state.status, this.calendar.current);
    const { ran } = options;
    const ranAt = ran && all.find((t) => sameTimer(t, ran))?.fireAt;
    const asOf = ranAt && ranAt > now ? ranAt : now;
    const due = all.filter((t) => t.fireAt <= asOf);
    // a recorded timer is left out before choosing the next one: it may lie up to a second ahead (fired early)
    const plans = all.filter((t) => !options.recorded?.has(timerKey(state.ticketId, t)));
    let fired = 0;
    const queued: TimerPlan[] = [];
    for (const plan of timersToArm(plans, asOf)) {
      if (options.fireDue && plan.fireAt <= now) {
        const data = { ticketId: state.ticketId, clock: plan.clock, dueAt: plan.dueAt.getTime() };
        if ((await this.timers.fire(plan.kind, data)).outcome === 'recorded') fired++;
      } else {
        queued.push(plan);
      }
    }
    if (options.enqueue === false) return { enqueued: 0, fired };
    try {
      await withTimeout(this.enqueue(state.ticketId, queued, due, now.getTime()), REDIS_TIMEOUT_MS);
      return { enqueued: queued.length, fired };
    } catch (error) {
      return { enqueued: 0, fired, error: error as Error };
    }
  }

  /**
   * Adds `plans` and removes the ticket's other armed jobs, except those of `due` timers (recorded or fired
   * here by the sweeper): a due timer's job has run or is about to, and removing a done one would only let
   * the next arming add it again, to run once more for nothing.
   */
  private async enqueue(ticketId: number, plans: TimerPlan[], due: TimerPlan[], now: number): Promise<void> {
    const setKey = this.keys.key('sla', 'armed', ticketId);
    const idOf = (p: TimerPlan): string => slaJobId(ticketId, p.clock, p.kind, p.dueAt.getTime());
    const wanted = new Map(plans.map((p) => [idOf(p), p]));
    const armed = new Set([...wanted.keys(), ...due.map(idOf)]);
    for (const stale of await this.redis.smembers(setKey)) {
      // a running job cannot be removed: it finds itself stale when it runs
      if (!armed.has(stale)) await this.queue.remove(stale).catch(() => 0);
    }
    for (const [jobId, p] of wanted) {
      // a job of this id that is waiting, running or done (kept a day) makes this add a no-op
      const data: SlaJobData = { ticketId, clock: p.clock, dueAt: p.dueAt.getTime() };
      await this.queue.add(JOB_OF_KIND[p.kind], data, { jobId, delay: Math.max(0, p.fireAt.getTime() - now) });
    }
    const lastDue = Math.max(now, ...[...plans, ...due].map((p) => p.dueAt.getTime()));
    const multi = this.redis.multi().del(setKey);
    if (armed.size > 0) multi.sadd(setKey, ...armed).pexpire(setKey, lastDue - now + 24 * 3600 * 1000);
    await multi.exec();
  }

  /** A relay batch: the states of the tickets whose clocks changed, read at once, then armed side by side. */
  private async onTicketEvents(messages: OutboxEnvelope[]): Promise<void> {
    const ticketIds = new Set<number>();
    for (const m of messages) {
      const action = (m.payload as { action?: unknown }).action;
      if (m.ticketId !== null && typeof action === 'string' && ARMING_ACTIONS.has(action)) ticketIds.add(m.ticketId);
    }
    if (ticketIds.size === 0) return;
    const states = await loadSlaStates(this.dataSource.manager, [...ticketIds]);
    const outcomes = await Promise.all(states.map((state) => this.arm(state)));
    // the outbox keeps the rows and delivers them again: arming is idempotent
    const failed = outcomes.find((o) => o.error);
    if (failed?.error) throw failed.error;
  }
}

function sameTimer(plan: TimerPlan, ran: RanTimer): boolean {
  return plan.clock === ran.clock && plan.kind === ran.kind && plan.dueAt.getTime() === ran.dueAt;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
