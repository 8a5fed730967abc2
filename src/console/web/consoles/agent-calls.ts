/**
 * The incoming-call panel: the CTI's `call.incoming` events for this agent, and (where the calls API
 * exists) the agent's latest calls, so a missed push still shows the caller waiting for a ticket.
 */
import { getIfAvailable, query } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { formatTime, h, mount } from '../dom.js';
import { label, SOURCE_LINE_LABELS } from '../labels.js';
import type { Page } from '../types.js';

export interface CallInfo {
  callId: number | null;
  callerPhone: string;
  sourceLine: string;
  at: string;
  answered: boolean;
  ticketId: number | null;
}

interface CallRow {
  id: number;
  callerPhone: string;
  sourceLine: string;
  ringAt: string;
  answerAt: string | null;
  ticketId: number | null;
}

export function incomingCallPanel(
  ctx: ConsoleContext,
  onUse: (call: CallInfo) => void,
): { element: HTMLElement; stop: () => void } {
  const list = h('div', { class: 'calls' });
  const element = h('section', { class: 'panel call-panel', 'aria-label': '来电' }, h('h2', null, '来电'), list);
  let calls: CallInfo[] = [];
  let apiMissing = false;

  const draw = (): void => {
    mount(
      list,
      calls.length === 0
        ? h('div', { class: 'muted pad' }, '暂无来电。来电接通后将在此显示号码与线路。')
        : calls
            .slice(0, 3)
            .map((c, i) =>
              h(
                'div',
                { class: i === 0 && !c.ticketId ? 'call current' : 'call', data: { callId: c.callId ?? '' } },
                h('div', { class: 'call-phone' }, c.callerPhone),
                h(
                  'div',
                  { class: 'muted small' },
                  `${label(SOURCE_LINE_LABELS, c.sourceLine)} · ${c.answered ? '已接通' : '振铃中'} · ${formatTime(c.at)}`,
                ),
                c.ticketId
                  ? h('span', { class: 'badge' }, '已建单')
                  : h(
                      'button',
                      { type: 'button', class: 'btn btn-small btn-primary', on: { click: () => onUse(c) } },
                      '带入受理表单',
                    ),
              ),
            ),
    );
  };

  const loadRecent = async (): Promise<void> => {
    if (apiMissing) return;
    const page = await getIfAvailable<Page<CallRow>>(`/api/calls${query({ mine: true, limit: 3 })}`).catch(() => null);
    if (page === null) {
      apiMissing = true;
      return;
    }
    calls = page.items.map((r) => ({
      callId: r.id,
      callerPhone: r.callerPhone,
      sourceLine: r.sourceLine,
      at: r.answerAt ?? r.ringAt,
      answered: r.answerAt !== null,
      ticketId: r.ticketId,
    }));
    draw();
  };

  const stop = ctx.live.subscribe((event) => {
    if (event === null) return void loadRecent();
    if (event.type !== 'call.incoming') return;
    const d = event.data;
    if (typeof d.agentUserId === 'number' && d.agentUserId !== ctx.user.id) return;
    const call: CallInfo = {
      callId: typeof d.callId === 'number' ? d.callId : null,
      callerPhone: String(d.callerPhone ?? ''),
      sourceLine: String(d.sourceLine ?? '12345'),
      at: typeof d.at === 'string' ? d.at : event.at,
      answered: d.event === 'answered',
      ticketId: null,
    };
    calls = [call, ...calls.filter((c) => c.callId === null || c.callId !== call.callId)];
    draw();
  });
  draw();
  void loadRecent();
  return { element, stop };
}
