import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { unitScopeOf } from '../auth/auth-user';
import { canSeeTicket } from '../tickets/ticket-access';
import { UsersService } from '../org/users.service';
import { LiveEventsRepository } from './live-events.repository';
import { LiveHub } from './live-hub.service';
import { RealtimeAdmission } from './realtime-admission';
import { Ack, emitLive, LiveEvent, LiveNamespace, LiveSocket, Rooms } from './realtime-events';
import { parseTicketMessage } from './realtime-messages';
import { roomsFor } from './realtime-plan';
import { REPLAY_LIMIT, ReplayService } from './replay.service';

export const LIVE_NAMESPACE = '/live';

/**
 * The `/live` namespace: admits consoles (token, limits), puts them in the rooms their roles allow,
 * replays what a reconnecting console missed, and handles ticket subscriptions. It emits nothing of
 * its own: live events come through LiveHub from RealtimePublisher.
 */
// consoles send only small control messages: a 16 KB cap per message is plenty
@WebSocketGateway({ namespace: LIVE_NAMESPACE, maxHttpBufferSize: 16 * 1024 })
export class RealtimeGateway
  implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket>
{
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly admission: RealtimeAdmission,
    private readonly hub: LiveHub,
    private readonly replay: ReplayService,
    private readonly events: LiveEventsRepository,
    private readonly users: UsersService,
  ) {}

  afterInit(nsp: LiveNamespace): void {
    this.hub.attach(nsp);
    // a user deactivated, moved or given other roles keeps no console open on what they no longer have:
    // the Redis adapter closes their sockets on every api process; a console that reconnects is admitted
    // (or refused) on the user as they are now
    this.users.onSessionsEnded((userId) => {
      this.logger.log({ userId }, 'Closing the live consoles of a changed user');
      nsp.in(Rooms.user(userId)).disconnectSockets(true);
    });
    nsp.use((socket, next) => {
      this.admission.admit(nsp, socket).then(
        (data) => {
          socket.data = data;
          next();
        },
        (error: unknown) => next(this.admission.refusal(error)),
      );
    });
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const { user, lastSeq, expiresAt } = socket.data;
    if (expiresAt !== null) {
      // a token that expires ends the session, as it would for a REST call; the console logs in again
      const ms = Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1); // setTimeout's own limit
      const timer = setTimeout(() => socket.disconnect(true), ms);
      this.expiries.set(socket.id, timer.unref());
    }
    // the user room carries only call pop-ups, which are never replayed: it is joined at once
    await socket.join(Rooms.user(user.id));
    await this.hub.ready();
    if (socket.disconnected) return;
    const rooms = roomsFor(user);
    if (lastSeq === null) return this.hub.join(socket, rooms);

    // buffer live events from before the replay query on, so none falls between replay and live
    this.hub.hold(socket, rooms);
    let replayed: LiveEvent[] = [];
    try {
      const result = await this.replay.since(user, new Set(rooms), lastSeq);
      if (result.kind === 'truncated') {
        socket.emit('replay.truncated', { lastSeq: result.lastSeq, limit: result.limit });
      } else {
        for (const event of result.events) emitLive(socket, event);
        replayed = result.events;
        socket.emit('replay.done', { lastSeq: result.lastSeq, count: result.events.length });
      }
    } catch (error) {
      this.logger.error({ err: (error as Error).message, userId: user.id }, 'Replay failed: console told to reload');
      socket.emit('replay.truncated', { lastSeq, limit: REPLAY_LIMIT });
    }
    this.hub.replayed(socket, replayed);
  }

  handleDisconnect(socket: LiveSocket): void {
    this.hub.forget(socket.id);
    clearTimeout(this.expiries.get(socket.id));
    this.expiries.delete(socket.id);
  }

  /** Watch one ticket, under the REST API's read rule; a second subscribe replaces the first. */
  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    const message = parseTicketMessage(body);
    if (!message) return { ok: false, code: 'INVALID_MESSAGE' };
    try {
      const units = await this.events.ticketUnits(message.ticketId);
      // a ticket out of scope is "not found", as in the REST API, so scope never leaks existence
      if (!units || !canSeeTicket(unitScopeOf(socket.data.user), units)) return { ok: false, code: 'TICKET_NOT_FOUND' };
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'Subscription check failed');
      return { ok: false, code: 'UNAVAILABLE' };
    }
    const room = Rooms.ticket(message.ticketId);
    const previous = socket.data.ticketRoom;
    if (previous && previous !== room) this.hub.leave(socket, previous);
    socket.data.ticketRoom = room;
    this.hub.join(socket, [room]);
    return { ok: true, ticketId: message.ticketId };
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Ack {
    const message = parseTicketMessage(body);
    if (!message) return { ok: false, code: 'INVALID_MESSAGE' };
    const room = Rooms.ticket(message.ticketId);
    if (socket.data.ticketRoom === room) {
      this.hub.leave(socket, room);
      socket.data.ticketRoom = null;
    }
    return { ok: true, ticketId: message.ticketId };
  }
}
