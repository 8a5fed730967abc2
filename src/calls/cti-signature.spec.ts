import { createHmac } from 'node:crypto';
import { checkCtiSignature, CtiSignedRequest, signCtiBody } from './cti-signature';

const secret = 'unit-test-cti-secret-0123456789';
const now = 1_790_000_000;
const body = Buffer.from('{"callId":"c-1","event":"ringing"}');

function signed(overrides: Partial<CtiSignedRequest> = {}): CtiSignedRequest {
  return {
    secret,
    timestampHeader: String(now),
    signatureHeader: signCtiBody(secret, now, body),
    rawBody: body,
    nowSeconds: now,
    ...overrides,
  };
}

describe('signCtiBody', () => {
  it('should be sha256= and the hex HMAC of "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', secret)
      .update(`${now}.${body.toString('utf8')}`)
      .digest('hex');
    expect(signCtiBody(secret, now, body)).toBe(`sha256=${expected}`);
    expect(signCtiBody(secret, String(now), body.toString('utf8'))).toBe(`sha256=${expected}`);
  });
});

describe('checkCtiSignature', () => {
  it('should admit a correctly signed body and give the lower-case signature for the replay memory', () => {
    const result = checkCtiSignature(
      signed({ signatureHeader: signCtiBody(secret, now, body).toUpperCase().replace('SHA256', 'sha256') }),
    );
    expect(result).toEqual({ ok: true, timestamp: now, signature: signCtiBody(secret, now, body).slice(7) });
  });

  it.each([
    ['no timestamp', { timestampHeader: undefined }],
    ['no signature', { signatureHeader: undefined }],
    ['an empty signature', { signatureHeader: '' }],
  ])('should call %s missing', (_, overrides) => {
    expect(checkCtiSignature(signed(overrides))).toEqual({ ok: false, code: 'CTI_SIGNATURE_MISSING' });
  });

  it.each([
    ['a signature without the sha256= prefix', { signatureHeader: signCtiBody(secret, now, body).slice(7) }],
    ['a short hex', { signatureHeader: 'sha256=abcdef' }],
    ['another algorithm', { signatureHeader: signCtiBody(secret, now, body).replace('sha256', 'sha1') }],
    ['a timestamp that is not unix seconds', { timestampHeader: '2026-11-26T00:00:00Z' }],
    ['repeated headers', { signatureHeader: [signCtiBody(secret, now, body), signCtiBody(secret, now, body)] }],
    ['another secret', { signatureHeader: signCtiBody('someone-elses-secret-000', now, body) }],
    ['a changed body', { rawBody: Buffer.from('{"callId":"c-2","event":"ringing"}') }],
    ['a re-serialised body (spacing differs)', { rawBody: Buffer.from('{"callId": "c-1", "event": "ringing"}') }],
    ['a timestamp other than the signed one', { timestampHeader: String(now - 1) }],
    ['no body at all', { rawBody: undefined }],
  ])('should refuse %s as invalid', (_, overrides) => {
    expect(checkCtiSignature(signed(overrides))).toEqual({ ok: false, code: 'CTI_SIGNATURE_INVALID' });
  });

  it('should sign an absent body as the empty string', () => {
    expect(checkCtiSignature(signed({ rawBody: undefined, signatureHeader: signCtiBody(secret, now, '') })).ok).toBe(
      true,
    );
  });

  it.each([
    ['exactly 5 minutes old', -300, true],
    ['5 minutes and 1 second old', -301, false],
    ['6 minutes old', -360, false],
    ['1 minute ahead', 60, true],
    ['61 seconds ahead', 61, false],
  ])('should judge a timestamp %s', (_, offset, ok) => {
    const timestamp = now + offset;
    const result = checkCtiSignature(
      signed({ timestampHeader: String(timestamp), signatureHeader: signCtiBody(secret, timestamp, body) }),
    );
    expect(result.ok ? 'ok' : result.code).toBe(ok ? 'ok' : 'CTI_TIMESTAMP_STALE');
  });

  it('should refuse a stale timestamp with a wrong signature as invalid, saying nothing about the clock', () => {
    const old = now - 3600;
    expect(checkCtiSignature(signed({ timestampHeader: String(old) }))).toEqual({
      ok: false,
      code: 'CTI_SIGNATURE_INVALID',
    });
  });
});
