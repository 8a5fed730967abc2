import { SlaInputError } from './sla.errors';
import { type Instant, toEpochMs } from './shanghai-time';

/** A half-open span of time [from, to), e.g. a ticket suspension (挂起). */
export interface TimeInterval {
  from: Instant;
  to: Instant;
}

/** [fromMs, toMs) with epoch milliseconds. */
export type MsInterval = readonly [number, number];

/**
 * Sorted, non-overlapping, non-empty spans. Overlapping or touching suspensions are merged so that
 * time covered by two of them is subtracted (or paused) once, not twice.
 */
export function mergeIntervals(intervals: readonly TimeInterval[]): MsInterval[] {
  const spans: Array<[number, number]> = [];
  for (const interval of intervals) {
    const from = toEpochMs(interval.from);
    const to = toEpochMs(interval.to);
    if (to < from) {
      throw new SlaInputError('sla.invalid_interval', 'An interval ends before it starts', {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
    }
    if (to > from) {
      spans.push([from, to]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span[0] <= last[1]) {
      last[1] = Math.max(last[1], span[1]);
    } else {
      merged.push([span[0], span[1]]);
    }
  }
  return merged;
}
