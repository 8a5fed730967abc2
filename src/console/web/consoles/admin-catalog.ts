/**
 * Categories, SLA policies and the responsibility-rule import: their APIs come from other modules.
 * Each card asks its API and says "尚未启用" where the server does not have it.
 */
import { errorText, getIfAvailable, isMissingEndpoint, post } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { h, mount } from '../dom.js';
import { APPEAL_TYPE_LABELS, label, URGENCY_LABELS } from '../labels.js';
import { nameInto } from '../lookups.js';
import { readToken } from '../session-store.js';
import { toast } from '../widgets/toast.js';
import { categoryName, categoryOptions } from './catalog.js';

const notYet = (): HTMLElement =>
  h(
    'div',
    { class: 'not-yet' },
    h('span', { class: 'badge off' }, '尚未启用'),
    ' 服务端尚未提供该接口，上线后此处自动可用。',
  );

export function catalogPage(outlet: HTMLElement, _ctx: ConsoleContext): void {
  const categories = h('div', null, '加载中…');
  const policies = h('div', null, '加载中…');
  mount(
    outlet,
    h(
      'div',
      { class: 'cards' },
      h('section', { class: 'panel', id: 'card-categories' }, h('h2', null, '事项分类'), categories),
      h('section', { class: 'panel', id: 'card-sla' }, h('h2', null, 'SLA 时限策略'), policies),
      h('section', { class: 'panel wide', id: 'card-rules' }, h('h2', null, '权责清单导入'), rulesImport()),
    ),
  );
  void categoryOptions().then((options) => {
    if (!options) return mount(categories, notYet());
    mount(
      categories,
      h('div', { class: 'muted small' }, `共 ${options.length} 个分类节点`),
      h(
        'ul',
        { class: 'plain-list' },
        options.slice(0, 30).map((o) => h('li', null, `${'　'.repeat(o.depth)}${o.name}`)),
      ),
    );
  });
  getIfAvailable<SlaPolicy[]>('/api/admin/sla-policies')
    .then((rows) => mount(policies, rows === null ? notYet() : policyTable(rows)))
    .catch((e: unknown) => mount(policies, h('div', { class: 'form-error' }, errorText(e))));
}

/** `GET /api/admin/sla-policies`: one row per policy in force; a null clock keeps the default. */
interface SlaPolicy {
  policyId: number;
  categoryId: number | null;
  appealType: string | null;
  urgency: string | null;
  acceptClock: ClockSpec | null;
  firstContactClock: ClockSpec | null;
  resolutionClock: ClockSpec | null;
  callbackClock: ClockSpec | null;
  version: number;
}

interface ClockSpec {
  amount: number;
  unit: string;
}

const CLOCK_UNITS: Record<string, string> = {
  minutes: '分钟',
  hours: '小时',
  working_hours: '工作小时',
  working_days: '工作日',
};

const clockText = (c: ClockSpec | null): string => (c ? `${c.amount} ${label(CLOCK_UNITS, c.unit)}` : '默认');

function policyTable(rows: SlaPolicy[]): HTMLElement {
  if (rows.length === 0) return h('div', { class: 'muted' }, '暂无自定义策略：全部按默认时限（见 DOMAIN 规则）执行。');
  return h(
    'table',
    { class: 'grid compact' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['事项分类', '诉求类型', '紧急程度', '签收', '首次联系', '办结', '回访'].map((t) => h('th', null, t)),
      ),
    ),
    h(
      'tbody',
      null,
      rows
        .slice(0, 50)
        .map((p) =>
          h(
            'tr',
            { data: { policyId: p.policyId } },
            h('td', { class: 'cut' }, p.categoryId === null ? '全部' : nameInto(h('span'), categoryName(p.categoryId))),
            h('td', null, p.appealType ? label(APPEAL_TYPE_LABELS, p.appealType) : '全部'),
            h('td', null, p.urgency ? label(URGENCY_LABELS, p.urgency) : '全部'),
            h('td', null, clockText(p.acceptClock)),
            h('td', null, clockText(p.firstContactClock)),
            h('td', null, clockText(p.resolutionClock)),
            h('td', null, clockText(p.callbackClock)),
          ),
        ),
    ),
  );
}

/** `POST /api/admin/responsibility-rules/import`'s answer, as far as the console shows it. */
interface ImportReport {
  committed: boolean;
  summary: Record<'rules' | 'adds' | 'changes' | 'removals' | 'unchanged' | 'conflicts' | 'errors', number>;
  errors: { line: number; field: string | null; message: string }[];
  conflicts: { lines: [number, number] }[];
}

const SUMMARY_LABELS: [keyof ImportReport['summary'], string][] = [
  ['rules', '文件规则数'],
  ['adds', '新增'],
  ['changes', '修改'],
  ['removals', '停用'],
  ['unchanged', '未变'],
  ['conflicts', '冲突'],
  ['errors', '错误'],
];

function reportView(report: ImportReport): HTMLElement {
  return h(
    'div',
    { class: 'import-report' },
    h('h3', null, report.committed ? '导入结果（已生效）' : '试导入报告（未写入）'),
    h(
      'table',
      { class: 'grid compact' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          SUMMARY_LABELS.map(([, t]) => h('th', null, t)),
        ),
      ),
      h(
        'tbody',
        null,
        h(
          'tr',
          null,
          SUMMARY_LABELS.map(([k]) =>
            h(
              'td',
              { class: k === 'errors' || k === 'conflicts' ? (report.summary[k] ? 'over-text' : '') : '' },
              String(report.summary[k] ?? 0),
            ),
          ),
        ),
      ),
    ),
    report.errors.length
      ? h(
          'ul',
          { class: 'plain-list' },
          report.errors
            .slice(0, 50)
            .map((e) =>
              h('li', { class: 'over-text small' }, `第 ${e.line} 行${e.field ? `（${e.field}）` : ''}：${e.message}`),
            ),
        )
      : null,
    report.conflicts.length
      ? h(
          'ul',
          { class: 'plain-list' },
          report.conflicts
            .slice(0, 20)
            .map((c) => h('li', { class: 'warn-text small' }, `第 ${c.lines[0]} 行与第 ${c.lines[1]} 行冲突`)),
        )
      : null,
  );
}

/** Dry run first (commit=false) so the admin reads the report, then the same file is committed. */
function rulesImport(): HTMLElement {
  const file = h('input', { type: 'file', accept: '.csv,text/csv', 'aria-label': '权责清单文件' });
  const report = h('div');
  const commit = h('button', { type: 'button', class: 'btn btn-primary', hidden: true }, '确认导入');
  // sent as text/csv: the JSON body limit is small, the CSV route reads up to a few megabytes
  const send = async (doCommit: boolean): Promise<ImportReport> => {
    const chosen = file.files?.[0];
    if (!chosen) throw new Error('请先选择文件');
    return post<ImportReport>(
      `/api/admin/responsibility-rules/import?commit=${doCommit}`,
      new Blob([chosen], { type: 'text/csv' }),
    );
  };
  const check = h('button', { type: 'button', class: 'btn' }, '检查（试导入）');
  check.addEventListener('click', () => {
    commit.hidden = true;
    send(false)
      .then((result) => {
        mount(report, reportView(result));
        commit.hidden = result.summary.errors > 0 || result.summary.conflicts > 0;
      })
      .catch((e: unknown) =>
        mount(report, isMissingEndpoint(e) ? notYet() : h('div', { class: 'form-error' }, errorText(e))),
      );
  });
  file.addEventListener('change', () => {
    commit.hidden = true;
    report.replaceChildren();
  });
  commit.addEventListener('click', () => {
    commit.disabled = true;
    send(true)
      .then((result) => {
        toast('权责清单已导入');
        mount(report, reportView(result));
        commit.hidden = true;
      })
      .catch((e: unknown) => toast(errorText(e), 'error'))
      .finally(() => (commit.disabled = false));
  });
  return h(
    'div',
    null,
    h(
      'p',
      { class: 'muted small' },
      '上传权责清单（CSV，格式同“导出”文件），先试导入查看校验报告，无错误、无冲突后再确认导入。',
    ),
    h(
      'div',
      { class: 'form-actions' },
      file,
      check,
      commit,
      h('a', { href: '#', class: 'small', on: { click: (e: MouseEvent) => void exportRules(e) } }, '导出现行清单'),
    ),
    report,
  );
}

/** The export needs the bearer token, so it is fetched and saved rather than linked. */
async function exportRules(event: MouseEvent): Promise<void> {
  event.preventDefault();
  try {
    const response = await fetch('/api/admin/responsibility-rules/export', {
      headers: { Authorization: `Bearer ${readToken() ?? ''}` },
    });
    if (response.status === 404) return toast('尚未启用', 'info');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const link = h('a', { href: URL.createObjectURL(await response.blob()), download: 'responsibility-rules.csv' });
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (e) {
    toast(errorText(e), 'error');
  }
}
