/**
 * 节假日安排: the years the statutory calendar covers, the State Council holiday notices the admins
 * entered for years chinese-days does not have yet (PUT /api/admin/calendar-years/:year), and the
 * single-day changes of this county (a local holiday, a typhoon day off, an extra working day:
 * /api/admin/calendar-overrides).
 */
import { ApiError, errorText, get, request } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { h, mount } from '../dom.js';
import { adminListPanel, gridTable } from '../widgets/admin-panel.js';
import { openForm } from '../widgets/dialog.js';
import { selectField, textField, type Values } from '../widgets/fields.js';
import { toast } from '../widgets/toast.js';

interface HolidayBlock {
  from: string;
  to: string;
  name: string;
}

interface CalendarYear {
  year: number;
  holidays: HolidayBlock[];
  makeUpWorkdays: string[];
  source: string;
  updatedAt: string;
}

interface CalendarOverride {
  id: number;
  date: string;
  kind: 'holiday' | 'workday';
  note: string | null;
}

const OVERRIDE_KINDS: readonly (readonly [CalendarOverride['kind'], string])[] = [
  ['holiday', '放假（不计工作日）'],
  ['workday', '上班（计为工作日）'],
];

interface CalendarCoverage {
  currentYear: number;
  /** Of the current and the next year. */
  uncoveredYears: number[];
}

interface HealthDetails {
  calendar?: CalendarCoverage;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAYS = '日一二三四五六';

/** The weekday of a 'YYYY-MM-DD' date (0 = Sunday), or null when there is no such date. */
function weekdayOf(date: string): number | null {
  if (!DATE.test(date)) return null;
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date ? null : d.getUTCDay();
}

/** "元旦 2027-01-01 2027-01-03" per line (one date: a single day off) → the blocks, or what is wrong. */
export function parseHolidayLines(text: string, year: number): HolidayBlock[] | string {
  const blocks: HolidayBlock[] = [];
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const parts = line.split(/[\s,，、至~]+/).filter(Boolean);
    const [name, from, to = from] = parts;
    if (parts.length < 2 || parts.length > 3 || !name || !from) return `第 ${i + 1} 行应为“名称 开始日期 结束日期”`;
    for (const date of [from, to]) {
      if (weekdayOf(date) === null) return `第 ${i + 1} 行的日期 ${date} 无效，应为 YYYY-MM-DD`;
      if (!date.startsWith(`${year}-`)) return `第 ${i + 1} 行的日期 ${date} 不在 ${year} 年`;
    }
    if (to < from) return `第 ${i + 1} 行的结束日期早于开始日期`;
    blocks.push({ name, from, to });
  }
  return blocks.length ? blocks : '请至少填写一段放假安排';
}

/** Make-up workdays separated by spaces, commas or 、 → the dates, or what is wrong. */
export function parseWorkdays(text: string, year: number): string[] | string {
  const dates = text.split(/[\s,，、]+/).filter(Boolean);
  for (const date of dates) {
    const weekday = weekdayOf(date);
    if (weekday === null) return `调休上班日期 ${date} 无效，应为 YYYY-MM-DD`;
    if (!date.startsWith(`${year}-`)) return `调休上班日期 ${date} 不在 ${year} 年`;
    if (weekday !== 0 && weekday !== 6) return `${date} 是星期${WEEKDAYS[weekday]}，调休上班日应为周六或周日`;
  }
  return dates;
}

/** Asks before a DELETE, then says it is done and reloads the list. */
function confirmRemoval(spec: { what: string; intro: string; path: string; then: () => void }): void {
  void openForm({
    title: `删除 ${spec.what}`,
    intro: spec.intro,
    fields: [],
    danger: true,
    submitLabel: '删除',
    submit: async () => {
      await request('DELETE', spec.path);
      toast(`${spec.what}已删除`);
      spec.then();
    },
  });
}

const shortDate = (date: string): string => date.slice(5);
const blockText = (b: HolidayBlock): string =>
  b.from === b.to ? `${b.name} ${shortDate(b.from)}` : `${b.name} ${shortDate(b.from)}至${shortDate(b.to)}`;

export function calendarPage(outlet: HTMLElement, _ctx: ConsoleContext): void {
  const coverage = h('p', { class: 'calendar-coverage' });
  const list = h('div', { class: 'list-body' });
  let suggestedYear = new Date().getFullYear() + 1;
  const load = (): void => {
    // the health check answers 503 while the current year is uncovered: its details come with the error
    get<{ details: HealthDetails }>('/api/health')
      .then((health) => health.details)
      .catch((e: unknown) => (e instanceof ApiError ? (e.details as HealthDetails | undefined) : undefined))
      .then((details) => {
        const c = details?.calendar;
        if (!c) return;
        if (c.uncoveredYears.length) suggestedYear = c.uncoveredYears[0]!;
        mount(
          coverage,
          c.uncoveredYears.length
            ? [
                h(
                  'strong',
                  { class: 'warn-text' },
                  `${c.uncoveredYears.join('、')} 年尚无法定节假日数据：跨入该年的办理时限按自然日计算（已标记）。`,
                ),
                '国务院办公厅发布当年节假日安排通知后，请在此录入。',
              ]
            : `${c.currentYear} 年及 ${c.currentYear + 1} 年的办理时限均按法定工作日计算。`,
        );
      })
      .catch(() => undefined);
    get<CalendarYear[]>('/api/admin/calendar-years')
      .then((years) => mount(list, table(years, edit, remove)))
      .catch((e: unknown) => mount(list, h('div', { class: 'form-error' }, errorText(e))));
  };

  const edit = (existing?: CalendarYear): void => {
    let parsed: { year: number; holidays: HolidayBlock[]; makeUpWorkdays: string[] } | null = null;
    void openForm({
      title: existing ? `修改 ${existing.year} 年节假日安排` : '录入年度节假日安排',
      intro: '按国务院办公厅通知逐段填写放假安排（含其中的周末），以及调休上班的周六、周日。',
      fields: [
        textField('year', '年度', {
          required: true,
          maxLength: 4,
          initial: String(existing?.year ?? suggestedYear),
        }),
        textField('source', '依据', {
          required: true,
          maxLength: 200,
          initial: existing?.source ?? `国务院办公厅关于${existing?.year ?? suggestedYear}年部分节假日安排的通知`,
        }),
        textField('holidays', '放假安排（每行：名称 开始日期 结束日期）', {
          required: true,
          multiline: true,
          placeholder: '元旦 2027-01-01 2027-01-03\n春节 …',
          initial: existing?.holidays.map((b) => `${b.name} ${b.from} ${b.to}`).join('\n'),
        }),
        textField('makeUpWorkdays', '调休上班日期（以空格或逗号分隔）', {
          initial: existing?.makeUpWorkdays.join(' '),
        }),
      ],
      check: (v: Values) => {
        const year = Number(v.year);
        if (!/^\d{4}$/.test(String(v.year))) return '年度应为四位数字';
        const holidays = parseHolidayLines(String(v.holidays ?? ''), year);
        if (typeof holidays === 'string') return holidays;
        const makeUpWorkdays = parseWorkdays(String(v.makeUpWorkdays ?? ''), year);
        if (typeof makeUpWorkdays === 'string') return makeUpWorkdays;
        parsed = { year, holidays, makeUpWorkdays };
        return null;
      },
      submitLabel: '保存',
      submit: async (v: Values) => {
        const { year, holidays, makeUpWorkdays } = parsed!;
        await request('PUT', `/api/admin/calendar-years/${year}`, { holidays, makeUpWorkdays, source: v.source });
        toast(`${year} 年节假日安排已保存，此后的时限按其计算`);
        load();
      },
    });
  };

  const remove = (y: CalendarYear): void =>
    confirmRemoval({
      what: `${y.year} 年节假日安排`,
      intro: '删除后，该年的时限将回到软件自带的数据；若软件也没有该年数据，则按自然日计算。已计算的时限不变。',
      path: `/api/admin/calendar-years/${y.year}`,
      then: load,
    });

  mount(outlet, [
    adminListPanel({
      title: '节假日安排',
      filters: [],
      createLabel: '录入年度通知',
      onCreate: () => edit(),
      body: h('div', null, coverage, list),
    }),
    overridesPanel(),
  ]);
  load();
}

/** 单日调整: one county's own days off or at work, on top of the statutory calendar, year by year. */
function overridesPanel(): HTMLElement {
  const thisYear = new Date().getFullYear();
  const year = h(
    'select',
    { 'aria-label': '年度' },
    [thisYear - 1, thisYear, thisYear + 1].map((y) => h('option', { value: String(y) }, `${y} 年`)),
  );
  year.value = String(thisYear);
  const list = h('div', { class: 'list-body' });
  const load = (): void => {
    get<CalendarOverride[]>(`/api/admin/calendar-overrides?year=${year.value}`)
      .then((rows) => mount(list, overridesTable(rows, load)))
      .catch((e: unknown) => mount(list, h('div', { class: 'form-error' }, errorText(e))));
  };
  year.addEventListener('change', load);
  const create = (): void =>
    void openForm({
      title: '新增单日调整',
      intro: '本地的放假（如县庆、台风停工）或调休上班，只影响此后计算的办理时限。',
      fields: [
        textField('date', '日期（YYYY-MM-DD）', { required: true, maxLength: 10 }),
        selectField('kind', '调整为', OVERRIDE_KINDS, { required: true, placeholder: '请选择' }),
        textField('note', '说明', { maxLength: 200, placeholder: '如：县庆放假一天' }),
      ],
      check: (v: Values) => (weekdayOf(String(v.date)) === null ? '日期无效，应为 YYYY-MM-DD' : null),
      submitLabel: '保存',
      submit: async (v: Values) => {
        await request('POST', '/api/admin/calendar-overrides', { date: v.date, kind: v.kind, note: v.note });
        toast(`${String(v.date)} 已调整`);
        const shown = String(v.date).slice(0, 4);
        if (![...year.options].some((o) => o.value === shown))
          year.append(h('option', { value: shown }, `${shown} 年`));
        year.value = shown;
        load();
      },
    });
  load();
  return adminListPanel({
    title: '单日调整',
    filters: [year],
    createLabel: '新增单日调整',
    onCreate: create,
    body: list,
  });
}

function overridesTable(rows: CalendarOverride[], reload: () => void): HTMLElement {
  if (rows.length === 0) return h('div', { class: 'empty' }, '该年没有单日调整');
  const remove = (o: CalendarOverride): void =>
    confirmRemoval({
      what: `${o.date} 的调整`,
      intro: '删除后该日按法定节假日安排计算，已计算的时限不变。',
      path: `/api/admin/calendar-overrides/${o.id}`,
      then: reload,
    });
  return gridTable(
    ['日期', '调整为', '说明', '操作'],
    rows.map((o) =>
      h(
        'tr',
        { data: { overrideId: o.id } },
        h('td', null, `${o.date}（星期${WEEKDAYS[weekdayOf(o.date) ?? 0]}）`),
        h('td', null, o.kind === 'holiday' ? '放假' : '上班'),
        h('td', null, o.note ?? ''),
        h(
          'td',
          { class: 'nowrap' },
          h('button', { type: 'button', class: 'btn btn-small', on: { click: () => remove(o) } }, '删除'),
        ),
      ),
    ),
  );
}

function table(years: CalendarYear[], edit: (y: CalendarYear) => void, remove: (y: CalendarYear) => void): HTMLElement {
  if (years.length === 0)
    return h('div', { class: 'empty' }, '尚未录入任何年度通知：时限按软件自带的法定节假日数据计算');
  return gridTable(
    ['年度', '放假安排', '调休上班', '依据', '操作'],
    years.map((y) =>
      h(
        'tr',
        { data: { year: y.year } },
        h('td', null, String(y.year)),
        h('td', null, y.holidays.map(blockText).join('；')),
        h('td', null, y.makeUpWorkdays.map(shortDate).join('、') || '无'),
        h('td', null, y.source),
        h(
          'td',
          { class: 'nowrap' },
          h('button', { type: 'button', class: 'btn btn-small', on: { click: () => edit(y) } }, '修改'),
          ' ',
          h('button', { type: 'button', class: 'btn btn-small', on: { click: () => remove(y) } }, '删除'),
        ),
      ),
    ),
  );
}
