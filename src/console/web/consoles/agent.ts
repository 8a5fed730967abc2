/** 话务员: take the call and register it; follow one's tickets; call citizens back. */
import type { ConsoleContext } from '../context.js';
import { h, mount } from '../dom.js';
import type { ConsolePage } from '../pages.js';
import { listAllTickets } from '../tickets-api.js';
import { TicketPanel } from '../widgets/ticket-detail.js';
import { workbench } from '../widgets/workbench.js';
import { incomingCallPanel } from './agent-calls.js';
import { intakeForm } from './agent-intake.js';
import { loadMine } from './agent-mine.js';

function intakePage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  const last = new TicketPanel(ctx);
  last.placeholder('提交后，新工单的详情（含智能分类建议）显示在这里');
  const form = intakeForm((ticket) => last.render(ticket));
  const calls = incomingCallPanel(ctx, (call) => form.useCall(call));
  const stop = ctx.live.subscribe((event) => {
    if (last.id !== null && (event === null || (event.ticketId === last.id && last.isBehind(event))))
      void last.refresh();
  });
  mount(
    outlet,
    h(
      'div',
      { class: 'intake-layout' },
      h('div', { class: 'col' }, calls.element, form.element),
      h('div', { class: 'col' }, last.element),
    ),
  );
  return () => {
    stop();
    calls.stop();
    last.dispose();
  };
}

function minePage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  const onlyMine = h('input', { type: 'checkbox', checked: true, id: 'only-mine' });
  return workbench(outlet, ctx, {
    title: '我的工单',
    empty: '还没有您登记的工单',
    // agents' live rooms carry new tickets and callbacks, not a unit's progress on them
    pollWhenLive: true,
    columns: ['number', 'status', 'urgency', 'summary', 'unit', 'deadline'],
    load: () => loadMine(onlyMine.checked),
    toolbar: (reload) => {
      onlyMine.addEventListener('change', reload);
      return [h('label', { class: 'inline-check' }, onlyMine, '只看我登记的')];
    },
  });
}

function callbacksPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  return workbench(outlet, ctx, {
    title: '待回访',
    empty: '没有待回访的工单',
    columns: ['number', 'urgency', 'summary', 'caller', 'unit', 'deadline'],
    load: () => listAllTickets({ status: ['pending_callback'] }),
  });
}

export const agentPages: ConsolePage[] = [
  { path: '/console/agent', role: 'agent', title: '来电受理', render: intakePage },
  { path: '/console/agent/mine', role: 'agent', title: '我的工单', render: minePage },
  { path: '/console/agent/callbacks', role: 'agent', title: '待回访', render: callbacksPage },
];
