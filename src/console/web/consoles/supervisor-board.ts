/** The SLA board: counts by status, overdue and near-due tickets, units ranked, exports. */
import { errorText } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { h, mount } from '../dom.js';
import { label, STATUS_LABELS } from '../labels.js';
import { nameInto, unitName } from '../lookups.js';
import { navigate } from '../pages.js';
import { readToken } from '../session-store.js';
import type { TicketStatus } from '../types.js';
import { barChart } from '../widgets/bar-chart.js';
import { statusBadge, urgencyBadge } from '../widgets/badges.js';
import { deadlineClock } from '../widgets/deadline-clock.js';
import { toast } from '../widgets/toast.js';
import { type BoardTicket, loadSlaBoard, OPEN_STATUSES, type SlaBoard, type UnitRow } from './sla-board.js';

const MIN_INTERVAL_MS = 2000;

const CLOCK_LABELS: Record<string, string> = {
  accept: '签收',
  first_contact: '首次联系',
  firstContact: '首次联系',
  resolution: '办结',
  callback: '回访',
};

const EXPORTS: [report: string, text: string][] = [
  ['units', '导出单位指标'],
  ['overdue', '导出超期工单'],
  ['near_due', '导出临期工单'],
];

export function boardPage(outlet: HTMLElement, ctx: ConsoleContext): () => void {
  const source = h('span', { class: 'muted small' });
  const exportSlot = h('span', { class: 'exports' });
  const content = h('div', { class: 'board-body' }, h('div', { class: 'empty' }, '加载中…'));
  let last = 0;
  let pending: number | null = null;
  let stopped = false;

  const load = async (): Promise<void> => {
    last = Date.now();
    try {
      const board = await loadSlaBoard();
      if (stopped) return;
      source.textContent =
        board.source === 'sla-api'
          ? '统计：在办数来自工单列表，超期、临期与各项比率来自 SLA 服务（本期）'
          : '统计：来自工单列表（SLA 服务接入后显示响应率、解决率、满意率）';
      if (board.capped) source.textContent += '；在办工单较多，按状态计数仅含最新 2000 件';
      // the exports live beside the board API: offered exactly when the board comes from it
      mount(exportSlot, board.source === 'sla-api' ? EXPORTS.map(([report, text]) => exportButton(report, text)) : []);
      mount(content, render(board));
    } catch (error) {
      mount(content, h('div', { class: 'form-error' }, errorText(error)));
    }
  };
  /** A burst of events (a dispatcher clearing the pool) redraws the board once, not fifty times. */
  const schedule = (): void => {
    if (pending !== null) return;
    const wait = Math.max(0, last + MIN_INTERVAL_MS - Date.now());
    pending = window.setTimeout(() => {
      pending = null;
      void load();
    }, wait);
  };
  const unsubscribe = ctx.live.subscribe(() => schedule());
  mount(
    outlet,
    h(
      'div',
      { class: 'board' },
      h(
        'header',
        { class: 'board-head' },
        h('h2', null, 'SLA 看板'),
        source,
        h('div', { class: 'spacer' }),
        exportSlot,
      ),
      content,
    ),
  );
  void load();
  return () => {
    stopped = true;
    unsubscribe();
    if (pending !== null) clearTimeout(pending);
  };
}

function render(board: SlaBoard): HTMLElement[] {
  const total = OPEN_STATUSES.reduce((s, st) => s + (board.counts[st] ?? 0), 0);
  const kpi = (title: string, value: number, tone = '', status?: TicketStatus): HTMLElement =>
    h(
      'div',
      { class: `kpi ${tone}`, data: status ? { status } : { kpi: title } },
      h('div', { class: 'kpi-value' }, String(value)),
      h('div', { class: 'kpi-label' }, title),
    );
  return [
    h(
      'div',
      { class: 'kpis' },
      kpi('在办工单', total),
      kpi('已超期', board.overdue.length, board.overdue.length ? 'kpi-over' : ''),
      kpi('临期', board.nearDue.length, board.nearDue.length ? 'kpi-warn' : ''),
      OPEN_STATUSES.filter((s) => s !== 'new').map((s) => kpi(label(STATUS_LABELS, s), board.counts[s] ?? 0, '', s)),
    ),
    h(
      'div',
      { class: 'board-grid' },
      h(
        'section',
        { class: 'panel' },
        h('h3', null, `超期工单（${board.overdue.length}）`),
        dueTable(board.overdue, '没有超期工单'),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h3', null, `临期工单（${board.nearDue.length}）`),
        dueTable(board.nearDue, '没有临期工单'),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h3', null, '承办单位办理情况'),
        unitChart(board.units),
        unitTable(board.units),
      ),
      h(
        'section',
        { class: 'panel', id: 'board-open' },
        h('h3', null, '在办工单（按时限排序）'),
        dueTable(board.open.slice(0, 12), '没有在办工单', true),
      ),
    ),
  ];
}

function dueTable(tickets: readonly BoardTicket[], empty: string, withStatus = false): HTMLElement {
  if (tickets.length === 0) return h('div', { class: 'empty small' }, empty);
  return h(
    'table',
    { class: 'grid compact' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, '工单编号'),
        withStatus ? h('th', null, '状态') : null,
        h('th', null, '承办单位'),
        h('th', null, '紧急'),
        h('th', null, '时限'),
      ),
    ),
    h(
      'tbody',
      null,
      tickets.slice(0, 12).map((t) =>
        h(
          'tr',
          {
            data: { ticketId: t.ticketId, number: t.number, status: t.status },
            on: { click: () => navigate(`/console/supervisor/tickets?t=${t.ticketId}`) },
          },
          h('td', { class: 'mono' }, t.number),
          withStatus ? h('td', null, statusBadge(t.status)) : null,
          h('td', { class: 'cut' }, t.unitName ?? nameInto(h('span'), unitName(t.unitId))),
          h('td', null, urgencyBadge(t.urgency)),
          h(
            'td',
            { class: 'nowrap' },
            t.clock ? h('span', { class: 'muted small' }, `${label(CLOCK_LABELS, t.clock)} `) : null,
            deadlineClock(t.dueAt, t.startAt),
          ),
        ),
      ),
    ),
  );
}

const shortName = (name: string): string => (name.length > 10 ? `${name.slice(0, 9)}…` : name);

function unitChart(units: readonly UnitRow[]): HTMLElement {
  const shown = units.filter((u) => u.open > 0 || u.overdue > 0).slice(0, 8);
  if (shown.length === 0) return h('div', { class: 'empty small' }, '暂无已派单的在办工单');
  const chart = barChart(
    shown.map((u) => ({
      label: shortName(u.unitName ?? `单位 #${u.unitId}`),
      parts: [
        { value: Math.max(0, u.open - u.overdue - u.nearDue), className: 'bar-ok', title: '正常' },
        { value: u.nearDue, className: 'bar-warn', title: '临期' },
        { value: u.overdue, className: 'bar-over', title: '超期' },
      ],
    })),
  );
  // rows without a name (ticket list only) are drawn at once with ids, then relabelled
  chart.querySelectorAll('text.chart-label').forEach((el, i) => {
    const unit = shown[i];
    if (unit && !unit.unitName) void unitName(unit.unitId).then((name) => (el.textContent = shortName(name)));
  });
  return h(
    'div',
    { class: 'chart-box' },
    chart,
    h(
      'div',
      { class: 'legend small' },
      h('span', { class: 'lg bar-ok' }),
      '正常 ',
      h('span', { class: 'lg bar-warn' }),
      '临期 ',
      h('span', { class: 'lg bar-over' }),
      '超期',
    ),
  );
}

function unitTable(units: readonly UnitRow[]): HTMLElement | null {
  if (units.length === 0) return null;
  const rate = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
  return h(
    'table',
    { class: 'grid compact' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['承办单位', '在办', '待签收', '临期', '超期', '本期派单', '按时签收率', '响应率', '解决率', '满意率'].map(
          (t) => h('th', null, t),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      units
        .slice(0, 15)
        .map((u) =>
          h(
            'tr',
            { data: { unitId: u.unitId } },
            h('td', { class: 'cut' }, u.unitName ?? nameInto(h('span'), unitName(u.unitId))),
            h('td', null, String(u.open)),
            h('td', null, String(u.awaitingAccept)),
            h('td', { class: u.nearDue ? 'warn-text' : '' }, String(u.nearDue)),
            h('td', { class: u.overdue ? 'over-text' : '' }, String(u.overdue)),
            h('td', null, u.dispatched === null ? '—' : String(u.dispatched)),
            h('td', null, rate(u.onTimeAcceptRate)),
            h('td', null, rate(u.responseRate)),
            h('td', null, rate(u.resolutionRate)),
            h('td', null, rate(u.satisfactionRate)),
          ),
        ),
    ),
  );
}

/** The export needs the bearer token, so it is fetched and saved rather than linked. */
function exportButton(report: string, text: string): HTMLElement {
  const download = async (): Promise<void> => {
    const response = await fetch(`/api/sla/export?format=xlsx&report=${report}`, {
      headers: { Authorization: `Bearer ${readToken() ?? ''}` },
    });
    if (response.status === 404) return toast('导出尚未启用', 'info');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const link = h('a', {
      href: URL.createObjectURL(await response.blob()),
      download: `SLA-${report}-${new Date().toISOString().slice(0, 10)}.xlsx`,
    });
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      data: { export: report },
      on: { click: () => void download().catch((e: unknown) => toast(errorText(e), 'error')) },
    },
    text,
  );
}
