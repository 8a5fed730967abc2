import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { checkCtiSignature, CTI_SIGNATURE_HEADER, CTI_TIMESTAMP_HEADER, CtiSignatureFailure } from './cti-signature';

/** Longer than the accepted timestamp window (5 min back + 1 min ahead), so a replay inside it is always seen. */
const REPLAY_MEMORY_SECONDS = 600;

const messages: Record<CtiSignatureFailure, string> = {
  CTI_SIGNATURE_MISSING: 'Send the X-CTI-Timestamp and X-CTI-Signature headers',
  CTI_SIGNATURE_INVALID: 'The X-CTI-Signature does not match the body and timestamp',
  CTI_TIMESTAMP_STALE: 'The X-CTI-Timestamp is more than 5 minutes old or more than 1 minute ahead',
};

export interface CtiRequest extends RawBodyRequest<Request> {
  /** The Redis key that admitted this delivery. */
  ctiReplayKey?: string;
}

/** The signatures already admitted, in Redis so every api process sees every other's. */
@Injectable()
export class CtiReplayMemory {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Returns the key when this signature is new; null when it was seen. SET NX is atomic: of two racing copies one wins. */
  async claim(signature: string): Promise<string | null> {
    const key = this.keys.key('cti', 'sig', signature);
    const claimed = await this.redis.set(key, '1', 'EX', REPLAY_MEMORY_SECONDS, 'NX');
    return claimed === 'OK' ? key : null;
  }

  /** Forgets a delivery that failed on our side (not a refusal), so the CTI's retry of the same bytes is admitted. */
  async release(key: string | undefined): Promise<void> {
    if (key) await this.redis.del(key).catch(() => undefined);
  }
}

/**
 * Admits a webhook delivery only with a valid HMAC over its raw bytes, a fresh timestamp and a
 * signature not seen before. A guard runs before the body pipe, so an unsigned caller is refused
 * with 401 whatever it sends and learns nothing about what a valid body looks like.
 */
@Injectable()
export class CtiSignatureGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly replay: CtiReplayMemory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CtiRequest>();
    const check = checkCtiSignature({
      secret: this.config.CTI_SECRET,
      timestampHeader: request.headers[CTI_TIMESTAMP_HEADER],
      signatureHeader: request.headers[CTI_SIGNATURE_HEADER],
      rawBody: request.rawBody,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (!check.ok) throw new DomainError(check.code, 'unauthorized', messages[check.code]);
    const key = await this.replay.claim(check.signature);
    if (!key) {
      throw DomainError.conflict('CTI_REPLAY', 'This signed delivery was already received: sign each delivery anew');
    }
    request.ctiReplayKey = key;
    return true;
  }
}
