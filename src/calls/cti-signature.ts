import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature scheme of the telephony (CTI) webhook, as plain functions the guard and the tests share.
 *
 *   X-CTI-Timestamp: <unix seconds>
 *   X-CTI-Signature: sha256=<lower-case hex of HMAC-SHA256(CTI_SECRET, `${timestamp}.${rawBody}`)>
 *
 * The HMAC covers the exact bytes the CTI sent (never a re-serialised JSON: key order and spacing
 * would change the digest), prefixed with the timestamp so that an old body cannot be re-dated.
 * A timestamp more than 5 minutes old or more than 1 minute ahead is refused; inside that window a
 * replay is caught by remembering each signature for longer than the window (see CtiSignatureGuard).
 */
export const CTI_TIMESTAMP_HEADER = 'x-cti-timestamp';
export const CTI_SIGNATURE_HEADER = 'x-cti-signature';
export const CTI_MAX_AGE_SECONDS = 5 * 60;
export const CTI_MAX_AHEAD_SECONDS = 60;

export type CtiSignatureFailure = 'CTI_SIGNATURE_MISSING' | 'CTI_SIGNATURE_INVALID' | 'CTI_TIMESTAMP_STALE';

export type CtiSignatureCheck =
  { ok: true; timestamp: number; signature: string } | { ok: false; code: CtiSignatureFailure };

export interface CtiSignedRequest {
  secret: string;
  timestampHeader: string | string[] | undefined;
  signatureHeader: string | string[] | undefined;
  /** The raw request body; an absent body is signed as the empty string. */
  rawBody: Buffer | string | undefined;
  /** Unix seconds; injectable so tests can pin the clock. */
  nowSeconds: number;
}

function digest(secret: string, timestamp: string, rawBody: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** The header value the CTI must send for this body at this timestamp. */
export function signCtiBody(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  return `sha256=${digest(secret, String(timestamp), rawBody).toString('hex')}`;
}

/**
 * Checks the headers against the raw body. The signature is verified before the timestamp is judged,
 * so an unauthenticated sender learns nothing about the server's clock.
 */
export function checkCtiSignature(req: CtiSignedRequest): CtiSignatureCheck {
  const { timestampHeader, signatureHeader } = req;
  if (
    timestampHeader === undefined ||
    signatureHeader === undefined ||
    timestampHeader === '' ||
    signatureHeader === ''
  )
    return { ok: false, code: 'CTI_SIGNATURE_MISSING' };
  // repeated headers arrive as arrays (or comma-joined): never guess which one was meant
  if (typeof timestampHeader !== 'string' || typeof signatureHeader !== 'string')
    return { ok: false, code: 'CTI_SIGNATURE_INVALID' };
  const timestamp = timestampHeader.trim();
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signatureHeader.trim());
  if (!/^\d{1,12}$/.test(timestamp) || !match?.[1]) return { ok: false, code: 'CTI_SIGNATURE_INVALID' };

  const given = Buffer.from(match[1], 'hex');
  const expected = digest(req.secret, timestamp, req.rawBody ?? '');
  // both are 32 bytes here (the pattern fixed the length), so timingSafeEqual cannot throw
  if (!timingSafeEqual(given, expected)) return { ok: false, code: 'CTI_SIGNATURE_INVALID' };

  const seconds = Number(timestamp);
  const age = req.nowSeconds - seconds;
  if (age > CTI_MAX_AGE_SECONDS || -age > CTI_MAX_AHEAD_SECONDS) return { ok: false, code: 'CTI_TIMESTAMP_STALE' };
  return { ok: true, timestamp: seconds, signature: match[1].toLowerCase() };
}
