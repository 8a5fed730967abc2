import { defaultSlaClocks } from './sla-policy';
import { rollupDeltas, settledCounts } from './sla-rollup';
import { parseShanghaiInstant } from './shanghai-time';
import { applySlaEvent, type SlaEvent, type SlaRecord } from './ticket-deadlines';
import { WorkingCalendar } from './working-calendar';

const at = (text: string): Date => new Date(parseShanghaiInstant(text.replace(' ', 'T')));
const calendar = new WorkingCalendar();
const step = (r: SlaRecord | null, event: SlaEvent, when: string): SlaRecord =>
  applySlaEvent(r, event, at(when), calendar).record!;
const dispatched = (when: string): SlaRecord =>
  step(null, { kind: 'dispatch', clocks: defaultSlaClocks('complaint', 'normal') }, when);

describe('sla rollup', () => {
  it('should count only what is settled: a running clock adds nothing yet', () => {
    const r = dispatched('2026-03-02 10:00');
    expect(settledCounts(r)).toMatchObject({ dispatched: 1, accepted: 0, contactSettled: 0, replied: 0 });
    const accepted = step(r, { kind: 'accept' }, '2026-03-02 10:30');
    expect(settledCounts(accepted)).toMatchObject({ accepted: 1, acceptOnTime: 1, acceptSeconds: 1800 });
  });

  it('should settle first contact as missed when the unit replies without it, and unsettle a reply on reopen', () => {
    let r = step(dispatched('2026-03-02 10:00'), { kind: 'accept' }, '2026-03-02 10:30');
    r = step(r, { kind: 'reply' }, '2026-03-03 10:00');
    expect(settledCounts(r)).toMatchObject({ contactSettled: 1, contactOnTime: 0, replied: 1, resolutionOnTime: 1 });
    r = step(r, { kind: 'review-approved' }, '2026-03-03 11:00');
    r = step(r, { kind: 'callback', solved: false, satisfied: false, reopened: true }, '2026-03-03 15:00');
    expect(settledCounts(r)).toMatchObject({ replied: 0, callbacks: 1, solved: 0, reopens: 1, firstReplied: 1 });
  });

  it('should count a returned record as dispatched and returned only', () => {
    const r = step(dispatched('2026-03-02 10:00'), { kind: 'returned' }, '2026-03-02 11:00');
    expect(settledCounts(r)).toMatchObject({ dispatched: 1, returned: 1, accepted: 0 });
  });

  it('should move a contribution between units and days, and drop deltas that change nothing', () => {
    const r = dispatched('2026-03-02 10:00');
    expect(rollupDeltas({ unitId: 7, record: r }, { unitId: 7, record: r })).toEqual([]);
    const moved = rollupDeltas({ unitId: 9, record: r }, { unitId: 7, record: r });
    expect(moved.map((d) => [d.day, d.unitId, d.counts.dispatched])).toEqual([
      ['2026-03-02', 7, 1],
      ['2026-03-02', 9, -1],
    ]);
    const late = dispatched('2026-03-02 23:59');
    expect(rollupDeltas(null, { unitId: 7, record: late })[0]?.day).toBe('2026-03-02');
  });
});
