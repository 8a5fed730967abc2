import { isoTime } from './iso-time';

describe('isoTime', () => {
  it('writes what toISOString writes, across leap years, century rules, month ends and before 1970', () => {
    const samples: number[] = [
      0,
      -1,
      951_782_400_000, // 2000-02-29
      4_107_542_400_000, // 2100-03-01 (no 29 February in 2100)
      1_798_761_599_999, // 2026-12-31T23:59:59.999Z
      -62_135_596_800_000, // 0001-01-01
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      -2_208_988_800_001, // 1899-12-31T23:59:59.999Z
    ];
    // every hour of 1999–2001 plus odd milliseconds, and a spread over the whole range
    for (let ms = 915_148_800_000; ms < 1_009_843_200_000; ms += 3_600_007) samples.push(ms);
    for (let ms = -62_135_596_800_000; ms < 253_402_300_800_000; ms += 997_001_234_567) samples.push(ms);
    const differences = samples
      .map((ms) => ({ ms, got: isoTime(new Date(ms)), want: new Date(ms).toISOString() }))
      .filter((d) => d.got !== d.want);
    expect(differences).toEqual([]);
    expect(samples.length).toBeGreaterThan(26_000);
  });

  it('gives null for no date and an invalid one, and toISOString outside years 1–9999', () => {
    expect(isoTime(null)).toBeNull();
    expect(isoTime(undefined)).toBeNull();
    expect(isoTime(new Date(Number.NaN))).toBeNull();
    expect(isoTime(new Date(253_402_300_800_000))).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoTime(new Date(-62_135_596_800_001))).toBe('0000-12-31T23:59:59.999Z');
  });
});
