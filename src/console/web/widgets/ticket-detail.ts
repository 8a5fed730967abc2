/**
 * One ticket in full: caller (exactly as the API shows it to this user), appeal, units, SLA clocks,
 * the actions this user may take now (from the server's `allowedActions`), and the timeline.
 */
import { ApiError, errorText } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { formatTime, h, mount } from '../dom.js';
import {
  ACTION_LABELS,
  APPEAL_TYPE_LABELS,
  CHANNEL_LABELS,
  label,
  SOURCE_LINE_LABELS,
  URGENCY_LABELS,
} from '../labels.js';
import { areaPath, nameInto, unitName } from '../lookups.js';
import { categoryName } from '../consoles/catalog.js';
import { getTicket } from '../tickets-api.js';
import type { LiveEvent, TicketDetail } from '../types.js';
import { runAction } from './action-forms.js';
import { pendingBadge, statusBadge, urgencyBadge } from './badges.js';
import { deadlineClock } from './deadline-clock.js';
import { classificationView, dispatchSuggestions } from './suggestions.js';
import { timeline } from './timeline.js';
import { toast } from './toast.js';

const PRIMARY = new Set([
  'submit',
  'dispatch',
  'accept',
  'reply',
  'review',
  'callback',
  'decide-return',
  'decide-extension',
  'decide-suspension',
]);
const DANGER = new Set(['mark-invalid', 'hand-over', 'request-return']);

export class TicketPanel {
  readonly element = h('section', { class: 'panel ticket-panel', 'aria-label': '工单详情' });
  private ticket: TicketDetail | null = null;
  /**
   * A number revealed by reveal-phone, for the ticket version the reveal produced: shown while that
   * version is on screen (a redraw after a live event or a poll keeps it), gone with any later change
   * or another ticket. Never stored.
   */
  private revealed: { ticketId: number; version: number; phone: string } | null = null;
  private loading = 0;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly onChanged: (ticket: TicketDetail) => void = () => undefined,
  ) {
    this.placeholder();
  }

  get id(): number | null {
    return this.ticket?.id ?? null;
  }

  get version(): number | null {
    return this.ticket?.version ?? null;
  }

  placeholder(text = '在左侧列表中选择一张工单查看详情'): void {
    this.ticket = null;
    mount(this.element, h('div', { class: 'empty' }, text));
  }

  async show(id: number): Promise<void> {
    const mine = ++this.loading;
    if (this.ticket?.id !== id) mount(this.element, h('div', { class: 'empty' }, '加载中…'));
    try {
      const ticket = await getTicket(id);
      if (mine === this.loading) this.render(ticket);
    } catch (error) {
      if (mine !== this.loading) return;
      const gone = error instanceof ApiError && error.status === 404;
      this.placeholder(gone ? '该工单已不在您的办理范围内' : errorText(error));
    }
  }

  /** Re-reads the ticket on screen (after a live event or a poll). */
  async refresh(): Promise<void> {
    if (this.ticket) await this.show(this.ticket.id);
  }

  /**
   * Whether a live event about this ticket says more than what is on screen. The gateway sends the
   * ticket's version in its snapshot; an event we caused ourselves (a reveal, an accept) carries the
   * version already shown, and re-reading would only wipe a number revealed a moment ago.
   */
  isBehind(event: LiveEvent): boolean {
    const snapshot = (event.data as { ticket?: { version?: unknown } }).ticket;
    const version = typeof snapshot?.version === 'number' ? snapshot.version : null;
    return version === null || this.ticket === null || version > this.ticket.version;
  }

  /** The page is going away: stop following its ticket's room. */
  dispose(): void {
    if (this.ticket) this.ctx.live.watch(null);
  }

  render(ticket: TicketDetail): void {
    // follow this ticket's live events even where the user's rooms would not carry them
    this.ctx.live.watch(ticket.id);
    if (this.revealed && (this.revealed.ticketId !== ticket.id || this.revealed.version !== ticket.version)) {
      this.revealed = null;
    }
    const revealed = this.revealed?.phone ?? null;
    this.ticket = ticket;
    const t = ticket;
    mount(
      this.element,
      h(
        'header',
        { class: 'tp-head' },
        h('h2', null, `工单 ${t.number}`),
        h('div', { class: 'badges' }, statusBadge(t.status), urgencyBadge(t.urgency), pendingBadge(t.pendingRequest)),
        h(
          'div',
          { class: 'muted small' },
          `${formatTime(t.createdAt)} 登记 · ${label(CHANNEL_LABELS, t.channel)} · ${label(SOURCE_LINE_LABELS, t.sourceLine)}`,
        ),
      ),
      this.actions(t),
      h(
        'dl',
        { class: 'facts' },
        fact('来电人', t.caller.withheld ? h('span', { class: 'badge secret' }, '保密') : (t.caller.name ?? '—')),
        fact('联系电话', this.phone(t, revealed)),
        fact('诉求类型', label(APPEAL_TYPE_LABELS, t.appealType)),
        fact('紧急程度', label(URGENCY_LABELS, t.urgency)),
        fact('事项分类', nameInto(h('span'), categoryName(t.categoryId))),
        fact('发生地点', nameInto(h('span'), areaPath(t.areaId))),
        fact('详细地址', t.address ?? '—'),
        fact('主办单位', nameInto(h('span'), unitName(t.primaryUnitId))),
        fact(
          '协办单位',
          t.units.filter((u) => u.role === 'co_handler').length
            ? h(
                'div',
                null,
                t.units
                  .filter((u) => u.role === 'co_handler')
                  .map((u) =>
                    h(
                      'div',
                      null,
                      nameInto(h('span'), unitName(u.unitId)),
                      u.part ? h('span', { class: 'muted' }, `：${u.part}`) : null,
                    ),
                  ),
              )
            : '—',
        ),
        t.handOverTo ? fact('移交', t.handOverTo) : null,
        t.masterTicketId ? fact('主工单', `#${t.masterTicketId}`) : null,
        fact('诉求内容', h('div', { class: 'prewrap' }, t.description), true),
      ),
      clocks(t),
      classificationView(t),
      this.suggestions(t),
      h('h3', null, '办理记录'),
      timeline(t.events),
    );
  }

  private phone(t: TicketDetail, revealed: string | null): HTMLElement | string {
    if (t.caller.withheld) return h('span', { class: 'badge secret' }, '保密');
    if (revealed)
      return h('span', { class: 'revealed' }, revealed, h('span', { class: 'muted small' }, '（仅本次显示）'));
    const button = t.allowedActions.includes('reveal-phone')
      ? h(
          'button',
          { type: 'button', class: 'btn btn-small', on: { click: () => void this.act('reveal-phone') } },
          '查看号码',
        )
      : null;
    return h('span', null, h('span', { class: 'phone' }, t.caller.phone ?? '—'), ' ', button);
  }

  private actions(t: TicketDetail): HTMLElement {
    const actions = t.allowedActions.filter((a) => a !== 'reveal-phone');
    if (actions.length === 0) return h('div', { class: 'actions muted small' }, '当前没有您可执行的操作');
    return h(
      'div',
      { class: 'actions' },
      actions.map((a) =>
        h(
          'button',
          {
            type: 'button',
            class: `btn ${PRIMARY.has(a) ? 'btn-primary' : DANGER.has(a) ? 'btn-danger-outline' : ''}`,
            data: { action: a },
            on: { click: () => void this.act(a) },
          },
          label(ACTION_LABELS, a),
        ),
      ),
    );
  }

  /** The pipeline's dispatch suggestion, with a one-step "dispatch there" for whoever may dispatch. */
  private suggestions(t: TicketDetail): HTMLElement | null {
    const s = dispatchSuggestions(t);
    if (!s || !['pending_dispatch', 'assigned'].includes(t.status)) return null;
    const canDispatch = t.allowedActions.includes('dispatch');
    return h(
      'div',
      { class: 'suggest' },
      h('h3', null, '派单建议'),
      s.reason ? h('div', { class: 'muted small' }, s.reason) : null,
      s.units.map((u) =>
        h(
          'div',
          { class: 'suggest-unit' },
          h('strong', null, u.unitName),
          u.why ? h('span', { class: 'muted small' }, ` ${u.why}`) : null,
          canDispatch
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  on: { click: () => void this.act('dispatch', { id: u.unitId, name: u.unitName }) },
                },
                '派往该单位',
              )
            : null,
        ),
      ),
    );
  }

  private async act(action: string, unit?: { id: number; name: string }): Promise<void> {
    if (!this.ticket) return;
    this.element.querySelectorAll<HTMLButtonElement>('.actions button').forEach((b) => (b.disabled = true));
    try {
      const updated = await runAction(this.ticket, action, this.ctx.user, unit);
      if (!updated) return this.render(this.ticket);
      if (updated.revealedPhone) {
        this.revealed = { ticketId: updated.id, version: updated.version, phone: updated.revealedPhone };
      }
      this.render(updated);
      toast(`${label(ACTION_LABELS, action)}成功`);
      this.onChanged(updated);
    } catch (error) {
      toast(errorText(error), 'error');
      await this.refresh();
    }
  }
}

function fact(term: string, value: HTMLElement | string, wide = false): HTMLElement {
  return h('div', { class: wide ? 'fact wide' : 'fact' }, h('dt', null, term), h('dd', null, value));
}

const ENDED = new Set(['closed', 'resolved_on_call', 'invalid', 'handed_over', 'merged']);

/** Each clock counts until its step is done; then it shows when it was done. */
function clocks(t: TicketDetail): HTMLElement | null {
  const d = t.deadlines;
  const start = t.dispatchedAt ?? t.createdAt;
  const rows: [string, string | null, string | null, string | null][] = [
    ['签收', d.acceptDueAt, start, t.acceptedAt],
    ['首次联系', d.firstContactDueAt, start, t.firstContactAt],
    ['办结', d.resolutionDueAt, start, t.repliedAt],
    ['回访', d.callbackDueAt, t.repliedAt, t.closedAt],
  ];
  const shown = rows.filter(([, due]) => due !== null);
  if (shown.length === 0) return null;
  // a finished ticket's unmet clocks no longer run; a suspended one's wait for the resumption
  const stopped = ENDED.has(t.status) ? '未记录' : t.status === 'suspended' ? '已中止，暂停计时' : null;
  return h(
    'div',
    { class: 'clocks' },
    shown.map(([name, due, from, done]) =>
      h(
        'div',
        { class: 'clock-box' },
        h('div', { class: 'muted small' }, `${name}时限 ${formatTime(due)}`),
        done
          ? h('span', { class: 'clock clock-done' }, `已完成 ${formatTime(done)}`)
          : stopped
            ? h('span', { class: 'clock clock-done' }, stopped)
            : deadlineClock(due, from),
      ),
    ),
  );
}
