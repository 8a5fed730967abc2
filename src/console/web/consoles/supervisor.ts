/** 督办员: the SLA board, review of replies, extension and suspension decisions, urging and supervising. */
import type { ConsoleContext } from '../context.js';
import { h } from '../dom.js';
import { label, STATUS_LABELS, URGENCY_LABELS } from '../labels.js';
import type { ConsolePage } from '../pages.js';
import { listAllTickets, phoneDigits } from '../tickets-api.js';
import type { TicketStatus } from '../types.js';
import { workbench } from '../widgets/workbench.js';
import { boardPage } from './supervisor-board.js';
import { OPEN_STATUSES } from './sla-board.js';

function reviewPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  return workbench(outlet, ctx, {
    title: '回复审核',
    empty: '没有待审核的办结回复',
    columns: ['number', 'urgency', 'summary', 'unit', 'created'],
    load: () => listAllTickets({ status: ['replied'] }),
  });
}

function requestsPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  return workbench(outlet, ctx, {
    title: '延期 / 中止审批',
    empty: '没有待审批的延期或中止申请',
    columns: ['number', 'status', 'urgency', 'summary', 'unit', 'deadline'],
    // the list API has no filter for pending requests: filter the accepted tickets here
    load: async () =>
      (await listAllTickets({ status: ['accepted'] }, 1000)).filter(
        (t) => t.pendingRequest === 'extension' || t.pendingRequest === 'suspension',
      ),
  });
}

/** Any ticket, found by status, urgency, overdue or text: where urging and supervising happen. */
function searchPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  const status = h(
    'select',
    { 'aria-label': '状态' },
    h('option', { value: 'open' }, '全部在办'),
    h('option', { value: '' }, '全部状态'),
    Object.keys(STATUS_LABELS).map((s) => h('option', { value: s }, label(STATUS_LABELS, s))),
  );
  const urgency = h(
    'select',
    { 'aria-label': '紧急程度' },
    h('option', { value: '' }, '全部紧急程度'),
    Object.entries(URGENCY_LABELS).map(([v, t]) => h('option', { value: v }, t)),
  );
  const overdue = h('input', { type: 'checkbox' });
  const q = h('input', { type: 'search', placeholder: '编号、来电号码或诉求内容', 'aria-label': '搜索' });
  return workbench(outlet, ctx, {
    title: '工单查询',
    empty: '没有符合条件的工单',
    columns: ['number', 'status', 'urgency', 'summary', 'unit', 'deadline'],
    load: () => {
      const text = q.value.trim();
      const isNumber = /^\d{8}-\d{1,6}$/.test(text);
      // seven digits or more (a leading +, spaces and dashes allowed) is a phone number, not words of the appeal
      const isPhone = !isNumber && /^\+?\d{7,20}$/.test(phoneDigits(text));
      return listAllTickets(
        {
          status: status.value === 'open' ? OPEN_STATUSES : status.value ? [status.value as TicketStatus] : undefined,
          urgency: urgency.value || undefined,
          overdue: overdue.checked || undefined,
          number: isNumber ? text : undefined,
          callerPhone: isPhone ? text : undefined,
          q: !isNumber && !isPhone && text ? text : undefined,
        },
        200,
      );
    },
    toolbar: (reload) => {
      [status, urgency, overdue].forEach((el) => el.addEventListener('change', reload));
      q.addEventListener('change', reload);
      return [status, urgency, h('label', { class: 'inline-check' }, overdue, '仅超期'), q];
    },
  });
}

export const supervisorPages: ConsolePage[] = [
  { path: '/console/supervisor', role: 'supervisor', title: 'SLA 看板', render: boardPage },
  { path: '/console/supervisor/review', role: 'supervisor', title: '回复审核', render: reviewPage },
  { path: '/console/supervisor/requests', role: 'supervisor', title: '延期/中止审批', render: requestsPage },
  { path: '/console/supervisor/tickets', role: 'supervisor', title: '工单查询与督办', render: searchPage },
];
