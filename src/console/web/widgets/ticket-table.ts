/** The ticket list as a table; the columns differ a little per console. */
import { formatTime, h, truncate } from '../dom.js';
import { nameInto, areaPath, unitName } from '../lookups.js';
import type { Ticket } from '../types.js';
import { pendingBadge, statusBadge, urgencyBadge } from './badges.js';
import { deadlineClock } from './deadline-clock.js';

export type Column = 'number' | 'status' | 'urgency' | 'summary' | 'area' | 'unit' | 'deadline' | 'created' | 'caller';

export const DEFAULT_COLUMNS: readonly Column[] = [
  'number',
  'status',
  'urgency',
  'summary',
  'unit',
  'deadline',
  'created',
];

const HEADERS: Record<Column, string> = {
  number: '工单编号',
  status: '状态',
  urgency: '紧急程度',
  summary: '诉求摘要',
  area: '发生地点',
  unit: '承办单位',
  deadline: '最近时限',
  created: '登记时间',
  caller: '来电人',
};

function cell(column: Column, t: Ticket): HTMLElement {
  switch (column) {
    case 'number':
      return h('td', { class: 'mono' }, t.number);
    case 'status':
      return h('td', null, statusBadge(t.status), ' ', pendingBadge(t.pendingRequest));
    case 'urgency':
      return h('td', null, urgencyBadge(t.urgency));
    case 'summary':
      return h('td', { class: 'summary', title: t.description }, truncate(t.title ?? t.description, 40));
    case 'area':
      return h('td', { class: 'cut' }, nameInto(h('span'), areaPath(t.areaId)));
    case 'unit':
      return h('td', { class: 'cut' }, nameInto(h('span'), unitName(t.primaryUnitId)));
    case 'deadline':
      return h('td', null, deadlineClock(t.deadlines.nextDeadlineAt, t.dispatchedAt ?? t.createdAt));
    case 'created':
      return h('td', { class: 'nowrap' }, formatTime(t.createdAt));
    case 'caller':
      return h('td', null, t.caller.withheld ? '保密' : (t.caller.name ?? '—'));
  }
}

export function ticketTable(
  tickets: readonly Ticket[],
  options: {
    columns?: readonly Column[];
    selectedId?: number | null;
    highlight?: ReadonlySet<number>;
    onSelect: (ticket: Ticket) => void;
  },
): HTMLTableElement {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  return h(
    'table',
    { class: 'grid tickets' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        columns.map((c) => h('th', null, HEADERS[c])),
      ),
    ),
    h(
      'tbody',
      null,
      tickets.map((t) => {
        const classes = [
          t.id === options.selectedId ? 'selected' : '',
          options.highlight?.has(t.id) ? 'row-new' : '',
        ].filter(Boolean);
        return h(
          'tr',
          {
            class: classes.join(' '),
            tabIndex: 0,
            data: { ticketId: t.id, number: t.number, status: t.status },
            on: {
              click: () => options.onSelect(t),
              keydown: (e: KeyboardEvent) => {
                if (e.key === 'Enter') options.onSelect(t);
              },
            },
          },
          columns.map((c) => cell(c, t)),
        );
      }),
    ),
  );
}
