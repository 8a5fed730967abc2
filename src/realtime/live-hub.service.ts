import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { MetricsService } from '../metrics/metrics.service';
import { createRedis, RedisKeys } from '../redis/redis.module';
import { Delivery, emitLive, LiveEvent, liveKey, LiveNamespace, LiveSocket } from './realtime-events';
import { fanoutEventsOf, socketsReached } from './realtime-fanout';
import { reaches } from './realtime-plan';

/** Live events of the last minute may still be on their way from the relay when a replay is sent. */
const RELAY_LAG_MS = 60_000;
/** A socket waits at most this long for the relay to publish what its replay already held. */
const AWAIT_RELAY_MS = 5_000;

interface Hold {
  socket: LiveSocket;
  /** The rooms the socket joins on release. */
  rooms: Set<string>;
  buffer: LiveEvent[];
  /** Once the replay is sent: what it held, and the seqs of those this process has yet to see published. */
  replayed: Set<string> | null;
  awaiting: Set<number>;
  timer: NodeJS.Timeout | null;
}

/**
 * The fan-out of one api process. Every event arrives here, in publish order, on one Redis channel (a
 * relay batch of events in one message), and goes to the local sockets of its rooms. The events do not
 * travel as socket.io adapter broadcasts because those reach sockets without passing any code of ours,
 * and a replaying socket must be held back: it has not joined its rooms, what would reach it is
 * buffered, and it is released (rooms joined, buffer flushed minus what the replay held) once the relay
 * has published here every replayed event it had not yet published when the replay read the database,
 * so that none of those comes again.
 * The Redis adapter still joins the processes for cluster-wide socket queries (per-user limit).
 */
@Injectable()
export class LiveHub implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveHub.name);
  private nsp: LiveNamespace | null = null;
  private subscriber: Redis | null = null;
  private subscribed: Promise<unknown> = Promise.resolve();
  private readonly holds = new Map<string, Hold>();
  /** seq → when it was published here, for the last few minutes. */
  private readonly published = new Map<number, number>();
  private subscribedAt = Number.POSITIVE_INFINITY;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: RedisKeys,
    metrics: MetricsService,
  ) {
    const connected: Gauge = new Gauge({
      name: 'hotline_realtime_connected_sockets',
      help: 'Consoles connected to this process on the /live namespace',
      registers: [metrics.registry],
      collect: () => connected.set(this.nsp?.sockets.size ?? 0),
    });
  }

  /** Called by the gateway once the namespace exists (api and all roles; a worker has none). */
  attach(nsp: LiveNamespace): void {
    this.nsp = nsp;
    const subscriber = createRedis(this.config.REDIS_URL);
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, raw: string) => this.onMessage(raw));
    this.subscriber = subscriber;
    this.subscribed = subscriber.subscribe(this.keys.key('realtime', 'fanout')).then(
      () => (this.subscribedAt = Date.now()),
      (error: Error) => this.logger.error({ err: error.message }, 'Cannot subscribe to the realtime channel'),
    );
  }

  /** Resolves once this process receives the events (sockets wait for it before they join). */
  ready(): Promise<unknown> {
    return this.subscribed;
  }

  /** Emits the deliveries of each event in order; the holds are looked at once the whole message is out. */
  deliver(events: readonly Delivery[][]): void {
    const nsp = this.nsp;
    if (!nsp) return;
    const now = Date.now();
    for (const deliveries of events) {
      for (const delivery of deliveries) {
        const { event } = delivery;
        if (event.seq !== null) this.published.set(event.seq, now);
        this.emit(nsp, delivery);
        for (const hold of this.holds.values()) {
          if (event.seq !== null) hold.awaiting.delete(event.seq);
          if (!reaches(delivery, hold.rooms) || hold.replayed?.has(liveKey(event))) continue;
          hold.buffer.push(event);
        }
      }
    }
    // a hold whose awaited events came early in the message takes the rest from its buffer, in order
    for (const hold of [...this.holds.values()]) if (hold.replayed && hold.awaiting.size === 0) this.release(hold);
    for (const [seq, at] of this.published) {
      if (now - at < 2 * RELAY_LAG_MS) break;
      this.published.delete(seq);
    }
  }

  /**
   * Emits a delivery to the local sockets it reaches. With except rooms, socket.io would copy all their
   * sockets for every emit, and every centre-view delivery excludes the restricted room, which holds
   * every clerk: so those deliveries go to the sockets found by lookups instead (each socket is in a
   * room of its own id), the same sockets.
   */
  private emit(nsp: LiveNamespace, { rooms, except, event }: Delivery): void {
    if (except.length === 0) return emitLive(nsp.local.to(rooms), event);
    const ids = socketsReached({ rooms, except }, nsp.adapter.rooms);
    // no room at all would mean every socket
    if (ids.length > 0) emitLive(nsp.local.to(ids), event);
  }

  join(socket: LiveSocket, rooms: readonly string[]): void {
    const hold = this.holds.get(socket.id);
    if (hold) for (const room of rooms) hold.rooms.add(room);
    else void socket.join([...rooms]);
  }

  leave(socket: LiveSocket, room: string): void {
    const hold = this.holds.get(socket.id);
    if (hold) hold.rooms.delete(room);
    else void socket.leave(room);
  }

  /** Starts buffering for a socket about to replay; it joins `rooms` on release. */
  hold(socket: LiveSocket, rooms: readonly string[]): void {
    this.holds.set(socket.id, {
      socket,
      rooms: new Set(rooms),
      buffer: [],
      replayed: null,
      awaiting: new Set(),
      timer: null,
    });
  }

  /**
   * The replay has been sent. Releases the socket now, or once the relay has published the replayed
   * events it had not yet published (bounded: a stuck relay cannot hold a console back for long).
   */
  replayed(socket: LiveSocket, events: readonly LiveEvent[]): void {
    const hold = this.holds.get(socket.id);
    if (!hold) return;
    hold.replayed = new Set(events.map(liveKey));
    hold.buffer = hold.buffer.filter((e) => !hold.replayed?.has(liveKey(e)));
    const now = Date.now();
    for (const event of events) {
      if (event.seq === null || this.published.has(event.seq)) continue;
      // older events, or events from before this process listened, were published (or not) long ago
      const at = Date.parse(event.at);
      if (now - at < RELAY_LAG_MS && at >= this.subscribedAt - 1000) hold.awaiting.add(event.seq);
    }
    if (hold.awaiting.size === 0) return this.release(hold);
    hold.timer = setTimeout(() => this.release(hold), AWAIT_RELAY_MS).unref();
  }

  forget(socketId: string): void {
    const hold = this.holds.get(socketId);
    if (hold?.timer) clearTimeout(hold.timer);
    this.holds.delete(socketId);
  }

  /** Joins the rooms and flushes the buffer, in one synchronous step: no event falls in between. */
  private release(hold: Hold): void {
    if (hold.timer) clearTimeout(hold.timer);
    if (this.holds.get(hold.socket.id) !== hold) return;
    this.holds.delete(hold.socket.id);
    if (hold.socket.disconnected) return;
    void hold.socket.join([...hold.rooms]);
    for (const event of hold.buffer) emitLive(hold.socket, event);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const id of [...this.holds.keys()]) this.forget(id);
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  private onMessage(raw: string): void {
    const events = fanoutEventsOf(raw);
    if (events) this.deliver(events);
    else this.logger.warn('Unreadable realtime fan-out message dropped');
  }
}
