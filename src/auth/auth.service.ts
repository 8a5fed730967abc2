import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { Unit } from '../org/unit.entity';
import { User } from '../org/user.entity';
import { REDIS, RedisKeys } from '../redis/redis.module';
import type { AuthUser } from './auth-user';

export interface TokenPayload {
  sub: number;
  username: string;
}

const invalidCredentials = (): DomainError =>
  new DomainError('INVALID_CREDENTIALS', 'unauthorized', 'The username or password is wrong');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verifying against a real hash when the user does not exist keeps the timing the same. */
  private dummyHash: Promise<string> | null = null;
  private readonly userCache = new Map<number, { user: AuthUser | null; at: number }>();
  /**
   * Tokens whose signature has been checked, with their expiry: every request of a console carries
   * the same token, and checking it again would give the same answer until it expires.
   */
  private readonly verifiedTokens = new Map<string, { payload: TokenPayload; expiresAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async login(usernameInput: string, password: string, ip: string): Promise<{ accessToken: string; user: AuthUser }> {
    const username = usernameInput.trim().toLowerCase();
    await this.throttle('ip', ip, this.config.LOGIN_RATE_PER_IP_PER_MINUTE);
    await this.throttle('user', username, this.config.LOGIN_RATE_PER_USER_PER_MINUTE);

    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    if (!user) {
      await argon2.verify(await this.getDummyHash(), password).catch(() => false);
      throw invalidCredentials();
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      throw new DomainError('ACCOUNT_LOCKED', 'locked', 'Too many failed logins: the account is locked for a while', {
        lockedUntil: user.lockedUntil.toISOString(),
      });
    }
    const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
    if (!ok || !user.active) {
      if (!ok) await this.recordFailure(user);
      throw invalidCredentials();
    }
    await this.dataSource
      .getRepository(User)
      .update({ id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() });
    const authUser = await this.loadUser(user.id);
    if (!authUser) throw invalidCredentials();
    const payload: TokenPayload = { sub: user.id, username: user.username };
    return { accessToken: await this.jwt.signAsync(payload), user: authUser };
  }

  /** Resolves a verified token's subject to the current user; a short cache keeps it off the hot path. */
  async userForToken(payload: TokenPayload, options: { fresh?: boolean } = {}): Promise<AuthUser | null> {
    const cached = this.userCache.get(payload.sub);
    if (!options.fresh && cached && Date.now() - cached.at < 5000) return cached.user;
    const user = await this.loadUser(payload.sub);
    if (this.userCache.size > 10000) this.userCache.clear();
    this.userCache.set(payload.sub, { user, at: Date.now() });
    return user;
  }

  /** `fresh`: the user as MySQL has it now, not as the cache held it up to five seconds ago. */
  async verifyToken(token: string, options: { fresh?: boolean } = {}): Promise<AuthUser> {
    const payload = await this.verifiedPayload(token);
    const user = await this.userForToken(payload, options);
    if (!user) throw new DomainError('TOKEN_INVALID', 'unauthorized', 'The user of this token is no longer active');
    return user;
  }

  private async verifiedPayload(token: string): Promise<TokenPayload> {
    const known = this.verifiedTokens.get(token);
    if (known && Date.now() < known.expiresAt) return known.payload;
    if (known) this.verifiedTokens.delete(token);
    let payload: TokenPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync<TokenPayload & { exp?: number }>(token);
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw new DomainError(
        expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        'unauthorized',
        expired ? 'The token has expired: log in again' : 'The token is not valid',
      );
    }
    if (typeof payload.exp === 'number') {
      if (this.verifiedTokens.size >= 10000) this.verifiedTokens.clear();
      this.verifiedTokens.set(token, { payload, expiresAt: payload.exp * 1000 });
    }
    return payload;
  }

  private async loadUser(id: number): Promise<AuthUser | null> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id, active: true });
    if (!user) return null;
    const unit = user.unitId ? await this.dataSource.getRepository(Unit).findOneBy({ id: user.unitId }) : null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      unitId: user.unitId,
      unitPath: unit?.path ?? null,
    };
  }

  private async recordFailure(user: User): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.increment(User, { id: user.id }, 'failedLogins', 1);
      const fresh = await manager.findOneByOrFail(User, { id: user.id });
      if (fresh.failedLogins >= this.config.LOGIN_MAX_FAILURES) {
        const lockedUntil = new Date(Date.now() + this.config.LOGIN_LOCK_MINUTES * 60_000);
        await manager.update(User, { id: user.id }, { failedLogins: 0, lockedUntil });
        await this.audit.record(manager, {
          actorUserId: null,
          action: 'login_locked',
          entityType: 'user',
          entityId: user.id,
          after: { lockedUntil: lockedUntil.toISOString() },
        });
        this.logger.warn({ userId: user.id }, 'Account locked after repeated failed logins');
      }
    });
  }

  private async throttle(kind: 'ip' | 'user', subject: string, perMinute: number): Promise<void> {
    const key = this.keys.key('login', kind, subject);
    const results = await this.redis.multi().incr(key).expire(key, 60, 'NX').exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    if (count > perMinute) {
      throw new DomainError(
        'LOGIN_RATE_LIMITED',
        'rate_limited',
        'Too many login attempts: wait a minute and try again',
      );
    }
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= argon2.hash('not-a-real-password');
    return this.dummyHash;
  }
}
