import type { Socket } from 'socket.io-client';
import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types';
import { Ack, CallLiveEvent, LiveEvent, TICKET_EVENT_TYPES } from '../../../src/realtime/realtime-events';
import { liveClient } from '../../app';
import { TicketDriver } from '../../factories/tickets';
import { waitFor } from '../../wait-for';

const LIVE_TYPES = [...TICKET_EVENT_TYPES, 'pool.changed', 'call.incoming'] as const;

/** The events that are about a ticket (everything but call pop-ups). */
export type TicketSideEvent = Exclude<LiveEvent, CallLiveEvent>;

export interface ConnectError {
  message: string;
  data?: { code: string; message: string };
}

/** A console as a test sees it: every pushed event in arrival order, plus the replay markers. */
export class LiveConsole {
  readonly events: LiveEvent[] = [];
  readonly markers: { name: 'replay.done' | 'replay.truncated'; lastSeq: number }[] = [];
  readonly socket: Socket;

  constructor(
    readonly url: string,
    auth: { token?: string; lastSeq?: number },
  ) {
    this.socket = liveClient(url, auth);
    this.socket.onAny((name: string, payload: unknown) => {
      if ((LIVE_TYPES as readonly string[]).includes(name)) this.events.push(payload as LiveEvent);
      if (name === 'replay.done' || name === 'replay.truncated') {
        this.markers.push({ name, lastSeq: (payload as { lastSeq: number }).lastSeq });
      }
    });
  }

  /** Connects; rejects with the server's connect_error (its message is the refusal code). */
  connect(timeoutMs = 5000): Promise<this> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connect timed out')), timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve(this);
      });
      this.socket.once('connect_error', (error: ConnectError) => {
        clearTimeout(timer);
        reject(error as Error);
      });
      this.socket.connect();
    });
  }

  emitWithAck(name: 'subscribe' | 'unsubscribe', body: unknown): Promise<Ack> {
    return this.socket.timeout(5000).emitWithAck(name, body) as Promise<Ack>;
  }

  close(): void {
    this.socket.disconnect();
  }

  of(ticketId: number): TicketSideEvent[] {
    return this.events.filter((e): e is TicketSideEvent => e.ticketId === ticketId);
  }

  async waitForEvent(
    predicate: (e: TicketSideEvent) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<TicketSideEvent> {
    const ticketEvents = (): TicketSideEvent[] => this.events.filter((e): e is TicketSideEvent => e.ticketId !== null);
    return waitFor(() => Promise.resolve(ticketEvents().find(predicate)), { timeoutMs, intervalMs: 20, what });
  }

  get lastSeq(): number {
    return this.events.reduce((max, e) => (e.seq !== null && e.seq > max ? e.seq : max), 0);
  }
}

/** Opens a console and waits until the server has put it in its rooms (a replay, even empty, says so). */
export async function openConsole(baseUrl: string, token: string, lastSeq?: number): Promise<LiveConsole> {
  const live = await new LiveConsole(baseUrl, { token, lastSeq }).connect();
  if (lastSeq !== undefined) {
    await waitFor(() => Promise.resolve(live.markers.length > 0), {
      timeoutMs: 10_000,
      intervalMs: 20,
      what: 'the replay',
    });
  } else {
    // a message's ack comes after the connection handler joined the rooms
    await live.emitWithAck('unsubscribe', { ticketId: 1 });
  }
  return live;
}

/** Creates, submits and dispatches a ticket to `unitId` (the test env turns the automatic pipeline off). */
export async function dispatchedTicket(
  app: INestApplication<App>,
  tokens: { agent: string; dispatcher: string },
  unitId: number,
  body: Record<string, unknown> = {},
): Promise<number> {
  const d = new TicketDriver(app);
  const { id } = await d.create(tokens.agent, body);
  await d.ok(tokens.agent, id, 'submit');
  await d.ok(tokens.dispatcher, id, 'dispatch', { unitId });
  return id;
}
