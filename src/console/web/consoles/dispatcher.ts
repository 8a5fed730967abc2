/** 分办员: dispatch the pool, correct a dispatch before it is signed for, decide units' returns. */
import type { ConsoleContext } from '../context.js';
import { h } from '../dom.js';
import { URGENCY_LABELS } from '../labels.js';
import type { ConsolePage } from '../pages.js';
import { listAllTickets } from '../tickets-api.js';
import { workbench } from '../widgets/workbench.js';

function urgencyFilter(): { element: HTMLSelectElement; value(): string | undefined } {
  const element = h(
    'select',
    { 'aria-label': '紧急程度' },
    h('option', { value: '' }, '全部紧急程度'),
    Object.entries(URGENCY_LABELS).map(([v, t]) => h('option', { value: v }, t)),
  );
  return { element, value: () => element.value || undefined };
}

function poolPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  const urgency = urgencyFilter();
  return workbench(outlet, ctx, {
    title: '派单池',
    empty: '派单池已清空',
    columns: ['number', 'urgency', 'summary', 'area', 'deadline', 'created'],
    load: async () => {
      const rows = await listAllTickets({ status: ['pending_dispatch'], urgency: urgency.value() });
      // the most urgent first, then the longest waiting: the order a dispatcher works in
      const rank = { critical: 0, urgent: 1, normal: 2 } as const;
      return rows.sort((a, b) => rank[a.urgency] - rank[b.urgency] || a.id - b.id);
    },
    toolbar: (reload) => {
      urgency.element.addEventListener('change', reload);
      return [urgency.element];
    },
  });
}

function assignedPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  return workbench(outlet, ctx, {
    title: '已派待签收',
    empty: '没有待签收的工单',
    // dispatchers' live room carries the pool only: signing-for elsewhere is found by polling
    pollWhenLive: true,
    columns: ['number', 'urgency', 'summary', 'unit', 'deadline'],
    load: () => listAllTickets({ status: ['assigned'] }),
  });
}

function returnsPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  return workbench(outlet, ctx, {
    title: '退单审批',
    empty: '没有待审批的退单申请',
    pollWhenLive: true,
    columns: ['number', 'status', 'urgency', 'summary', 'unit', 'deadline'],
    // the list API has no filter for pending requests: filter the open tickets here
    load: async () => await listAllTickets({ pendingRequest: 'return' }, 1000),
  });
}

export const dispatcherPages: ConsolePage[] = [
  { path: '/console/dispatcher', role: 'dispatcher', title: '派单池', render: poolPage },
  { path: '/console/dispatcher/assigned', role: 'dispatcher', title: '已派待签收', render: assignedPage },
  { path: '/console/dispatcher/returns', role: 'dispatcher', title: '退单审批', render: returnsPage },
];
