/**
 * Counting SLA clocks: "剩余 3小时12分" or "超期 25分", red once overdue, amber in the last quarter
 * of the clock. One ticker updates every clock on the page once a second.
 */
import { h } from '../dom.js';
import { clockState } from './clock-state.js';

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
