/** Checks of what consoles send: the handshake's `auth` and the messages. Anything unexpected is refused. */

export interface Handshake {
  token: string;
  lastSeq: number | null;
}

export type HandshakeResult =
  { ok: true; handshake: Handshake } | { ok: false; code: 'AUTH_REQUIRED' | 'INVALID_MESSAGE' };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isSeq = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function parseHandshake(auth: unknown): HandshakeResult {
  if (!isRecord(auth) || typeof auth.token !== 'string' || auth.token === '')
    return { ok: false, code: 'AUTH_REQUIRED' };
  const { token, lastSeq, ...rest } = auth;
  if (Object.keys(rest).length > 0 || token.length > 4096) return { ok: false, code: 'INVALID_MESSAGE' };
  if (lastSeq !== undefined && lastSeq !== null && !isSeq(lastSeq)) return { ok: false, code: 'INVALID_MESSAGE' };
  return { ok: true, handshake: { token, lastSeq: isSeq(lastSeq) ? lastSeq : null } };
}

/** `{ ticketId }` with a positive integer id and nothing else, or null. */
export function parseTicketMessage(body: unknown): { ticketId: number } | null {
  if (!isRecord(body) || Object.keys(body).length !== 1) return null;
  const { ticketId } = body;
  return isSeq(ticketId) && ticketId > 0 ? { ticketId } : null;
}

/** The `exp` of a token that AuthService has already verified, in epoch milliseconds, or null. */
export function tokenExpiresAt(token: string): number | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    return isRecord(claims) && typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
