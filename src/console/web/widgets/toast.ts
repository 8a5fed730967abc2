import { h } from '../dom.js';

export type Tone = 'ok' | 'error' | 'info';

/** A short notice in the corner that leaves by itself; errors stay longer so they can be read. */
export function toast(message: string, tone: Tone = 'ok'): void {
  let host = document.getElementById('toasts');
  if (!host) {
    host = h('div', { id: 'toasts', 'aria-live': 'polite' });
    document.body.appendChild(host);
  }
  const item = h('div', { class: `toast toast-${tone}`, role: tone === 'error' ? 'alert' : 'status' }, message);
  host.appendChild(item);
  window.setTimeout(() => item.remove(), tone === 'error' ? 8000 : 4000);
}
