/**
 * 承办单位: the unit's inbox. New assignments appear without a reload, highlighted and with a chime;
 * each ticket shows its SLA clocks and the actions the unit may take.
 */
import type { ConsoleContext } from '../context.js';
import type { ConsolePage } from '../pages.js';
import { chime } from '../sound.js';
import { listAllTickets } from '../tickets-api.js';
import { toast } from '../widgets/toast.js';
import { workbench } from '../widgets/workbench.js';

function inboxPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  return workbench(outlet, ctx, {
    title: `${ctx.unit?.name ?? '本单位'} · 收件箱`,
    empty: '暂无待办工单',
    columns: ['number', 'status', 'urgency', 'summary', 'deadline', 'created'],
    load: async () => {
      const rows = await listAllTickets({ status: ['assigned', 'accepted', 'suspended'] });
      // unsigned first, then by the nearest deadline: what will breach first is on top
      const due = (iso: string | null): number => (iso ? Date.parse(iso) : Number.MAX_SAFE_INTEGER);
      return rows.sort(
        (a, b) =>
          Number(b.status === 'assigned') - Number(a.status === 'assigned') ||
          due(a.deadlines.nextDeadlineAt) - due(b.deadlines.nextDeadlineAt) ||
          b.id - a.id,
      );
    },
    onNew: (tickets) => {
      const assigned = tickets.filter((t) => t.status === 'assigned');
      if (assigned.length === 0) return;
      chime();
      toast(`新派单 ${assigned.map((t) => t.number).join('、')}，请及时签收`, 'info');
    },
  });
}

function donePage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  return workbench(outlet, ctx, {
    title: '已回复 / 已办结',
    empty: '暂无已回复的工单',
    columns: ['number', 'status', 'urgency', 'summary', 'created'],
    load: () => listAllTickets({ status: ['replied', 'pending_callback', 'closed'] }, 200),
  });
}

export const clerkPages: ConsolePage[] = [
  { path: '/console/clerk', role: 'clerk', title: '收件箱', render: inboxPage },
  { path: '/console/clerk/done', role: 'clerk', title: '已回复 / 已办结', render: donePage },
];
