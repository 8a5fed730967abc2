import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { LiveEventsRepository } from './live-events.repository';
import type { LiveEvent } from './realtime-events';
import { eventsReaching, replayFilterOf } from './realtime-plan';

/** At most this many missed events are replayed; beyond, the console is told to reload its lists. */
export const REPLAY_LIMIT = 5000;
/** A console further behind than this many timeline rows reloads at once, without scanning them all. */
const SCAN_LIMIT = 200_000;
/** Events are loaded and planned in chunks, so a long replay never builds one huge IN list. */
const CHUNK = 500;

export type ReplayResult =
  { kind: 'events'; events: LiveEvent[]; lastSeq: number } | { kind: 'truncated'; lastSeq: number; limit: number };

/**
 * What a reconnecting console missed since `lastSeq`: the ticket events its rooms would have received,
 * planned and masked exactly as the live fan-out does, oldest first.
 */
@Injectable()
export class ReplayService {
  constructor(private readonly events: LiveEventsRepository) {}

  async since(user: AuthUser, rooms: ReadonlySet<string>, lastSeq: number): Promise<ReplayResult> {
    const filter = replayFilterOf(user, rooms);
    const head = await this.events.headSeq();
    if (head - lastSeq > SCAN_LIMIT) return { kind: 'truncated', lastSeq: head, limit: REPLAY_LIMIT };
    const ids = await this.events.replayCandidates(filter, lastSeq, REPLAY_LIMIT + 1);
    if (ids.length > REPLAY_LIMIT) return { kind: 'truncated', lastSeq: head, limit: REPLAY_LIMIT };

    const events: LiveEvent[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const planned = await this.events.deliveriesOf(ids.slice(i, i + CHUNK));
      for (const deliveries of planned) events.push(...eventsReaching(deliveries, rooms));
    }
    const last = ids.at(-1);
    return { kind: 'events', events, lastSeq: last === undefined ? lastSeq : Math.max(last, lastSeq) };
  }
}
