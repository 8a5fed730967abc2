/** 单位管理: find, create, rename, move and (de)activate handling units. */
import { errorText, get, patch, post, query } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { h, mount } from '../dom.js';
import { label, UNIT_KIND_LABELS } from '../labels.js';
import { nameInto, remember, unitName } from '../lookups.js';
import type { Page, Unit } from '../types.js';
import { areaPickerField } from '../widgets/area-picker.js';
import { adminListPanel, gridTable } from '../widgets/admin-panel.js';
import { openForm } from '../widgets/dialog.js';
import { selectField, textField } from '../widgets/fields.js';
import { toast } from '../widgets/toast.js';
import { unitPickerField } from '../widgets/unit-picker.js';

export function unitsPage(outlet: HTMLElement, _ctx: ConsoleContext): void {
  const q = h('input', { type: 'search', placeholder: '名称或编码', 'aria-label': '搜索单位' });
  const kind = h(
    'select',
    { 'aria-label': '单位类别' },
    h('option', { value: '' }, '全部类别'),
    Object.entries(UNIT_KIND_LABELS).map(([v, t]) => h('option', { value: v }, t)),
  );
  const body = h('div', { class: 'list-body' });
  const load = (): void => {
    get<Page<Unit>>(`/api/admin/units${query({ q: q.value.trim(), kind: kind.value, limit: 100 })}`)
      .then((page) => {
        page.items.forEach(remember);
        mount(body, table(page.items, load));
      })
      .catch((e: unknown) => mount(body, h('div', { class: 'form-error' }, errorText(e))));
  };
  q.addEventListener('change', load);
  kind.addEventListener('change', load);
  const create = (): void => {
    const parent = unitPickerField('parentId', '上级单位');
    const area = areaPickerField('areaId');
    void openForm({
      title: '新增单位',
      fields: [
        textField('code', '单位编码', { required: true, maxLength: 64, placeholder: '如：vil-xxx' }),
        textField('name', '单位名称', { required: true, maxLength: 100 }),
        selectField('kind', '类别', Object.entries(UNIT_KIND_LABELS), { required: true, placeholder: '请选择' }),
        parent,
        area,
      ],
      submitLabel: '创建',
      submit: async (v) => {
        await post<Unit>('/api/admin/units', {
          code: v.code,
          name: v.name,
          kind: v.kind,
          parentId: v.parentId ?? null,
          areaId: v.areaId ?? null,
        });
        toast('单位已创建');
        load();
      },
    });
  };
  mount(
    outlet,
    adminListPanel({ title: '承办单位', filters: [kind, q], createLabel: '新增单位', onCreate: create, body }),
  );
  load();
}

function table(units: Unit[], reload: () => void): HTMLElement {
  const edit = (u: Unit): void =>
    void openForm({
      title: `编辑单位 · ${u.name}`,
      fields: [
        textField('name', '单位名称', { required: true, initial: u.name, maxLength: 100 }),
        unitPickerField('parentId', '上级单位（不选则不变）'),
      ],
      submitLabel: '保存',
      submit: async (v) => {
        await patch<Unit>(`/api/admin/units/${u.id}`, {
          name: v.name,
          ...(v.parentId ? { parentId: v.parentId } : {}),
        });
        toast('单位已保存');
        reload();
      },
    });
  const setActive = (u: Unit, active: boolean): void =>
    void patch<Unit>(`/api/admin/units/${u.id}`, { active })
      .then(() => {
        toast(active ? '单位已启用' : '单位已停用');
        reload();
      })
      .catch((e: unknown) => toast(errorText(e), 'error'));
  return gridTable(
    ['单位名称', '编码', '类别', '上级单位', '状态', '操作'],
    units.map((u) =>
      h(
        'tr',
        { data: { unitId: u.id } },
        h('td', null, u.name),
        h('td', { class: 'mono' }, u.code),
        h('td', null, label(UNIT_KIND_LABELS, u.kind)),
        h('td', null, nameInto(h('span'), unitName(u.parentId))),
        h('td', null, h('span', { class: u.active ? 'badge ok' : 'badge off' }, u.active ? '启用' : '停用')),
        h(
          'td',
          { class: 'nowrap' },
          h('button', { type: 'button', class: 'btn btn-small', on: { click: () => edit(u) } }, '编辑'),
          ' ',
          h(
            'button',
            { type: 'button', class: 'btn btn-small', on: { click: () => setActive(u, !u.active) } },
            u.active ? '停用' : '启用',
          ),
        ),
      ),
    ),
  );
}
