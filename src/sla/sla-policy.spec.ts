import { computeDeadline } from './sla-clock';
import {
  APPEAL_TYPES,
  SLA_RULES,
  type SlaPolicyRow,
  URGENCIES,
  defaultSlaClocks,
  resolveSlaPolicy,
} from './sla-policy';
import { SlaInputError } from './sla.errors';
import { formatShanghaiIso, parseShanghaiInstant } from './shanghai-time';
import { WorkingCalendar } from './working-calendar';

const row = (partial: Partial<SlaPolicyRow> & Pick<SlaPolicyRow, 'clocks'>): SlaPolicyRow => ({
  categoryId: null,
  appealType: null,
  urgency: null,
  version: 1,
  ...partial,
});

describe(defaultSlaClocks.name, () => {
  it('should give critical tickets minutes on the wall clock', () => {
    expect(defaultSlaClocks('complaint', 'critical')).toEqual({
      accept: { amount: 15, unit: 'minutes' },
      firstContact: { amount: 30, unit: 'minutes' },
      resolution: { amount: 2, unit: 'hours' },
      callback: { amount: 1, unit: 'working_days' },
    });
  });

  it('should give urgent tickets hours on the wall clock', () => {
    expect(defaultSlaClocks('help', 'urgent')).toEqual({
      accept: { amount: 30, unit: 'minutes' },
      firstContact: { amount: 2, unit: 'hours' },
      resolution: { amount: 24, unit: 'hours' },
      callback: { amount: 1, unit: 'working_days' },
    });
  });

  it.each([
    ['consultation', 3],
    ['help', 5],
    ['complaint', 5],
    ['report', 5],
    ['suggestion', 15],
    ['praise', 5],
  ] as const)('should give a normal %s %i working days to resolve', (appealType, days) => {
    expect(defaultSlaClocks(appealType, 'normal')).toEqual({
      accept: { amount: 1, unit: 'working_days' },
      firstContact: { amount: 24, unit: 'hours' },
      resolution: { amount: days, unit: 'working_days' },
      callback: { amount: 1, unit: 'working_days' },
    });
  });

  it('should define every appeal type × urgency with valid clocks', () => {
    const calendar = new WorkingCalendar();
    const from = parseShanghaiInstant('2026-03-02T10:00');
    for (const appealType of APPEAL_TYPES) {
      for (const urgency of URGENCIES) {
        for (const spec of Object.values(defaultSlaClocks(appealType, urgency))) {
          expect(computeDeadline(from, spec, calendar).getTime()).toBeGreaterThan(from);
        }
      }
    }
  });

  it('should state the fixed rules of DOMAIN.md', () => {
    expect(SLA_RULES).toEqual({
      returnWindow: { amount: 2, unit: 'working_days' },
      maxExtension: { amount: 10, unit: 'working_days' },
      warningRatio: 0.75,
    });
  });

  it('should put a normal suggestion filed before the 2026 Spring Festival due in March', () => {
    const calendar = new WorkingCalendar();
    const due = computeDeadline(
      parseShanghaiInstant('2026-02-13T10:00+08:00'),
      defaultSlaClocks('suggestion', 'normal').resolution,
      calendar,
    );
    expect(formatShanghaiIso(due)).toBe('2026-03-12T10:00:00.000+08:00');
  });
});

describe(resolveSlaPolicy.name, () => {
  const query = {
    categoryPath: ['road-potholes', 'roads', 'urban'],
    appealType: 'complaint',
    urgency: 'normal',
  } as const;

  it('should fall back to the defaults without rows', () => {
    const resolved = resolveSlaPolicy([], query);
    expect(resolved.clocks).toEqual(defaultSlaClocks('complaint', 'normal'));
    expect(resolved.sources).toEqual({ accept: null, firstContact: null, resolution: null, callback: null });
  });

  it('should take only the clocks a row sets and keep the defaults for the others', () => {
    const roads = row({ categoryId: 'roads', clocks: { resolution: { amount: 10, unit: 'working_days' } } });
    const resolved = resolveSlaPolicy([roads], query);
    expect(resolved.clocks.resolution).toEqual({ amount: 10, unit: 'working_days' });
    expect(resolved.clocks.accept).toEqual({ amount: 1, unit: 'working_days' });
    expect(resolved.sources.resolution).toBe(roads);
    expect(resolved.sources.accept).toBeNull();
  });

  it('should ignore rows for another category, appeal type or urgency', () => {
    const rows = [
      row({ categoryId: 'water', clocks: { accept: { amount: 1, unit: 'minutes' } } }),
      row({ appealType: 'report', clocks: { accept: { amount: 2, unit: 'minutes' } } }),
      row({ urgency: 'critical', clocks: { accept: { amount: 3, unit: 'minutes' } } }),
    ];
    expect(resolveSlaPolicy(rows, query).clocks).toEqual(defaultSlaClocks('complaint', 'normal'));
  });

  it('should prefer the row that pins more dimensions', () => {
    const rows = [
      row({ categoryId: 'road-potholes', clocks: { resolution: { amount: 8, unit: 'working_days' } } }),
      row({ appealType: 'complaint', urgency: 'normal', clocks: { resolution: { amount: 4, unit: 'working_days' } } }),
    ];
    expect(resolveSlaPolicy(rows, query).clocks.resolution.amount).toBe(4);
  });

  it('should prefer category over urgency over appeal type when as many dimensions are pinned', () => {
    const byCategory = row({ categoryId: 'urban', clocks: { resolution: { amount: 7, unit: 'working_days' } } });
    const byUrgency = row({ urgency: 'normal', clocks: { resolution: { amount: 6, unit: 'working_days' } } });
    const byAppeal = row({ appealType: 'complaint', clocks: { resolution: { amount: 9, unit: 'working_days' } } });
    expect(resolveSlaPolicy([byAppeal, byUrgency, byCategory], query).clocks.resolution.amount).toBe(7);
    expect(resolveSlaPolicy([byAppeal, byUrgency], query).clocks.resolution.amount).toBe(6);
  });

  it("should let a leaf category's rule win over its parent's", () => {
    const rows = [
      row({ categoryId: 'urban', clocks: { resolution: { amount: 7, unit: 'working_days' } } }),
      row({ categoryId: 'road-potholes', clocks: { resolution: { amount: 2, unit: 'working_days' } } }),
      row({ categoryId: 'roads', clocks: { resolution: { amount: 4, unit: 'working_days' } } }),
    ];
    expect(resolveSlaPolicy(rows, query).clocks.resolution.amount).toBe(2);
  });

  it('should take the latest version, or the latest up to maxVersion', () => {
    const rows = [
      row({ categoryId: 'roads', version: 1, clocks: { resolution: { amount: 7, unit: 'working_days' } } }),
      row({ categoryId: 'roads', version: 3, clocks: { resolution: { amount: 4, unit: 'working_days' } } }),
      row({ categoryId: 'roads', version: 2, clocks: { resolution: { amount: 6, unit: 'working_days' } } }),
    ];
    expect(resolveSlaPolicy(rows, query).clocks.resolution.amount).toBe(4);
    expect(resolveSlaPolicy(rows, { ...query, maxVersion: 2 }).clocks.resolution.amount).toBe(6);
  });

  it('should refuse two rows with the same key and version setting the same clock', () => {
    const rows = [
      row({ categoryId: 'roads', clocks: { resolution: { amount: 7, unit: 'working_days' } } }),
      row({ categoryId: 'roads', clocks: { resolution: { amount: 4, unit: 'working_days' } } }),
    ];
    expect(() => resolveSlaPolicy(rows, query)).toThrow(SlaInputError);
  });

  it('should refuse an invalid clock in a matching row', () => {
    const rows = [row({ clocks: { accept: { amount: 0.5, unit: 'working_days' } } })];
    expect(() => resolveSlaPolicy(rows, query)).toThrow(/whole/);
  });
});
