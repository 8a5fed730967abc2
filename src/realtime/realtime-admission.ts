import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { LiveNamespace, LiveSocket, Rooms, SocketData } from './realtime-events';
import { parseHandshake, tokenExpiresAt } from './realtime-messages';

/** What a refused console gets as its connect_error: `message` is the stable code. */
export type Refusal = Error & { data: { code: string; message: string } };

const tooMany = (message: string): DomainError => new DomainError('TOO_MANY_CONNECTIONS', 'rate_limited', message);

/**
 * The handshake check, run as namespace middleware before a socket counts as connected: a valid
 * token (verified like a bearer token), then the connection limits of the process and of the user.
 */
@Injectable()
export class RealtimeAdmission {
  private readonly logger = new Logger(RealtimeAdmission.name);

  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async admit(nsp: LiveNamespace, socket: LiveSocket): Promise<SocketData> {
    const parsed = parseHandshake(socket.handshake.auth);
    if (!parsed.ok) {
      throw new DomainError(parsed.code, 'unauthorized', 'Connect with auth: { token, lastSeq? }');
    }
    const { token, lastSeq } = parsed.handshake;
    // read afresh, not from the auth cache: a console closed because its user changed must not come
    // straight back in on what the cache still holds
    const user = await this.auth.verifyToken(token, { fresh: true });
    if (nsp.sockets.size >= this.config.REALTIME_MAX_CONNECTIONS) {
      throw tooMany('This server has all the consoles it takes: try again shortly');
    }
    // across every api process (through the Redis adapter); if a process does not answer, let the console in
    const open = await nsp
      .in(Rooms.user(user.id))
      .fetchSockets()
      .catch((error: Error) => {
        this.logger.warn({ err: error.message }, 'Could not count the user’s consoles');
        return [];
      });
    if (open.length >= this.config.REALTIME_MAX_CONNECTIONS_PER_USER) {
      throw tooMany(`At most ${this.config.REALTIME_MAX_CONNECTIONS_PER_USER} consoles per user`);
    }
    return { user, lastSeq, expiresAt: tokenExpiresAt(token), ticketRoom: null };
  }

  refusal(error: unknown): Refusal {
    const known = error instanceof DomainError;
    if (!known) this.logger.error({ err: (error as Error).message }, 'Realtime handshake failed');
    const code = known ? error.code : 'UNAVAILABLE';
    const refusal = new Error(code) as Refusal;
    refusal.data = { code, message: known ? error.message : 'The server cannot take the connection now' };
    return refusal;
  }
}
