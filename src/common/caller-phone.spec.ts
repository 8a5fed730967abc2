import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validateSync } from 'class-validator';
import { CALLER_PHONE_PATTERN, canonicalPhone, IsTypedPhone } from './caller-phone';

class Probe {
  @IsOptional()
  @IsString()
  @IsTypedPhone()
  callerPhone?: string;
}

/** What the validation pipe does: transform, then validate; the stored value, or the problems. */
function accept(value: unknown): string | { problems: string[] } {
  const probe = plainToInstance(Probe, { callerPhone: value });
  const errors = validateSync(probe);
  return errors.length ? { problems: errors.flatMap((e) => Object.values(e.constraints ?? {})) } : probe.callerPhone!;
}

describe('caller phone', () => {
  it('drops the spaces and dashes that group the digits, nothing else', () => {
    expect(canonicalPhone('0871-6601234')).toBe('08716601234');
    expect(canonicalPhone('138 1234 5678')).toBe('13812345678');
    expect(canonicalPhone('+86 138-1234-5678')).toBe('+8613812345678');
    expect(canonicalPhone('13812345678')).toBe('13812345678');
    expect(canonicalPhone('\t0871\u00a06601234 ')).toBe('08716601234');
  });

  it('stores a typed number in the form the CTI sends', () => {
    expect(accept('0871-6601234')).toBe('08716601234');
    expect(accept(' 138 1234 5678 ')).toBe('13812345678');
    expect(accept('+86-13812345678')).toBe('+8613812345678');
    expect(accept('12345')).toBe('12345');
    for (const typed of ['0871-6601234', '138 1234 5678', '+8613812345678']) {
      expect(accept(typed)).toMatch(CALLER_PHONE_PATTERN);
    }
  });

  it('refuses what is not 3–20 digits once the grouping is gone', () => {
    for (const bad of [
      '12',
      '1-2',
      '--',
      '',
      '   ',
      '138-abc',
      '138.1234.5678',
      '(0871)6601234',
      '1'.repeat(21),
      '13+8',
    ]) {
      expect(accept(bad)).toEqual({ problems: [expect.stringContaining('3-20 digits')] });
    }
    expect(accept('1'.repeat(20))).toBe('1'.repeat(20));
  });

  it('leaves a value that is not a string to the type check', () => {
    expect(accept(13812345678)).toEqual({ problems: expect.arrayContaining(['callerPhone must be a string']) });
    expect(accept(undefined)).toBeUndefined();
  });
});
