/**
 * What an SLA clock shows at an instant: pure, without the DOM, so the server-side tests can check it
 * (src/console/clock-state.spec.ts). Amber in the last quarter of the clock, red once overdue.
 */
export type ClockTone = 'ok' | 'warn' | 'over' | 'none';

export function clockState(
  dueIso: string | null,
  startIso: string | null,
  now: number,
): { text: string; tone: ClockTone } {
  if (!dueIso) return { text: '—', tone: 'none' };
  const due = Date.parse(dueIso);
  const left = due - now;
  if (left <= 0) return { text: `超期 ${duration(-left)}`, tone: 'over' };
  const start = startIso ? Date.parse(startIso) : NaN;
  const total = due - start;
  const warn = Number.isFinite(total) && total > 0 && left < total * 0.25;
  return { text: `剩余 ${duration(left)}`, tone: warn ? 'warn' : 'ok' };
}

export function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return `${days}天${hours}小时`;
  if (hours > 0) return `${hours}小时${mins}分`;
  if (mins > 0) return `${mins}分`;
  return `${Math.max(0, Math.floor(ms / 1000))}秒`;
}
