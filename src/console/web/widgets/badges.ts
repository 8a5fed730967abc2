import { h } from '../dom.js';
import { label, PENDING_LABELS, STATUS_LABELS, URGENCY_LABELS } from '../labels.js';
import type { PendingRequest, TicketStatus, Urgency } from '../types.js';

export function statusBadge(status: TicketStatus): HTMLElement {
  return h('span', { class: `badge status-${status}`, data: { status } }, label(STATUS_LABELS, status));
}

/** "一般" is the usual case: shown quietly, so 特急 and 紧急 stand out in a long list. */
export function urgencyBadge(urgency: Urgency): HTMLElement {
  return h('span', { class: `badge urgency-${urgency}` }, label(URGENCY_LABELS, urgency));
}

export function pendingBadge(pending: PendingRequest | null): HTMLElement | null {
  return pending ? h('span', { class: 'badge pending' }, label(PENDING_LABELS, pending)) : null;
}
