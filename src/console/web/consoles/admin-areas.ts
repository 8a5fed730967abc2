/** 区划管理: browse the area tree lazily (county → township → village → grid), create and edit nodes. */
import { errorText, patch, post } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { h, mount } from '../dom.js';
import { AREA_LEVEL_LABELS, label } from '../labels.js';
import { childAreas, countyAreas } from '../lookups.js';
import type { Area, AreaLevel } from '../types.js';
import { openForm } from '../widgets/dialog.js';
import { textField } from '../widgets/fields.js';
import { toast } from '../widgets/toast.js';

const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  county: 'township',
  township: 'village',
  village: 'grid',
  grid: null,
};

const aliasesOf = (text: unknown): string[] =>
  typeof text === 'string'
    ? text
        .split(/[,，、\s]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export function areasPage(outlet: HTMLElement, _ctx: ConsoleContext): void {
  const tree = h('ul', { class: 'tree' });
  mount(
    outlet,
    h(
      'section',
      { class: 'panel admin-panel' },
      h(
        'header',
        { class: 'list-head' },
        h('h2', null, '行政区划'),
        h('span', { class: 'muted small' }, '点击 ▸ 展开下级；编码一经创建不可修改'),
      ),
      tree,
    ),
  );
  countyAreas()
    .then((counties) =>
      mount(
        tree,
        counties.map((a) => node(a)),
      ),
    )
    .catch((e: unknown) => mount(tree, h('li', { class: 'form-error' }, errorText(e))));
}

function node(area: Area): HTMLElement {
  const children = h('ul', { class: 'tree', hidden: true });
  const name = h('span', { class: 'tree-name' }, area.name);
  const childLevel = CHILD_LEVEL[area.level];
  let loaded = false;
  const toggle = h(
    'button',
    { type: 'button', class: 'tree-toggle', 'aria-label': `展开${area.name}`, disabled: !childLevel },
    childLevel ? '▸' : '·',
  );
  const load = async (): Promise<void> => {
    const rows = await childAreas(area.id);
    mount(children, rows.length ? rows.map((a) => node(a)) : h('li', { class: 'muted small' }, '暂无下级'));
    loaded = true;
  };
  toggle.addEventListener('click', () => {
    children.hidden = !children.hidden;
    toggle.textContent = children.hidden ? '▸' : '▾';
    if (!children.hidden && !loaded) load().catch((e: unknown) => toast(errorText(e), 'error'));
  });
  const edit = (): void =>
    void openForm({
      title: `编辑区划 · ${area.name}`,
      fields: [
        textField('name', '名称', { required: true, initial: area.name, maxLength: 100 }),
        textField('aliases', '别名（逗号分隔）', { initial: area.aliases.join('，') }),
      ],
      submitLabel: '保存',
      submit: async (v) => {
        const updated = await patch<Area>(`/api/admin/areas/${area.id}`, {
          name: v.name,
          aliases: aliasesOf(v.aliases),
        });
        area.name = updated.name;
        area.aliases = updated.aliases;
        name.textContent = updated.name;
        toast('区划已保存');
      },
    });
  const create = (): void =>
    void openForm({
      title: `新增${label(AREA_LEVEL_LABELS, childLevel)} · ${area.name}`,
      fields: [
        textField('code', '区划编码', { required: true, maxLength: 32, placeholder: '如：530326001001' }),
        textField('name', '名称', { required: true, maxLength: 100 }),
        textField('aliases', '别名（逗号分隔）'),
      ],
      submitLabel: '创建',
      submit: async (v) => {
        await post<Area>('/api/admin/areas', {
          code: v.code,
          name: v.name,
          level: childLevel,
          parentId: area.id,
          aliases: aliasesOf(v.aliases),
        });
        await load();
        children.hidden = false;
        toggle.textContent = '▾';
        toast('区划已创建');
      },
    });
  return h(
    'li',
    { data: { areaId: area.id } },
    h(
      'div',
      { class: 'tree-row' },
      toggle,
      name,
      h('span', { class: 'muted small' }, `${area.code} · ${label(AREA_LEVEL_LABELS, area.level)}`),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'btn btn-small', on: { click: edit } }, '编辑'),
      childLevel ? h('button', { type: 'button', class: 'btn btn-small', on: { click: create } }, '新增下级') : null,
    ),
    children,
  );
}
