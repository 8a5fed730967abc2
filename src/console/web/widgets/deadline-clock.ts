/**
 * Counting SLA clocks: "剩余 3小时12分" or "超期 25分", red once overdue, amber in the last quarter
 * of the clock. One ticker updates every clock on the page once a second.
 */
import { h } from '../dom.js';

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

export function deadlineClock(dueIso: string | null, startIso: string | null): HTMLElement {
  const el = h('span', { class: 'clock', data: { due: dueIso ?? '', start: startIso ?? '' } });
  paint(el, Date.now());
  return el;
}

function paint(el: HTMLElement, now: number): void {
  const state = clockState(el.dataset.due || null, el.dataset.start || null, now);
  el.textContent = state.text;
  el.className = `clock clock-${state.tone}`;
  if (el.dataset.due) el.title = `时限 ${new Date(el.dataset.due).toLocaleString('zh-CN', { hour12: false })}`;
}

let ticker: number | null = null;

export function startClockTicker(): void {
  if (ticker !== null) return;
  ticker = window.setInterval(() => {
    const now = Date.now();
    document.querySelectorAll<HTMLElement>('span.clock[data-due]').forEach((el) => paint(el, now));
  }, 1000);
}
