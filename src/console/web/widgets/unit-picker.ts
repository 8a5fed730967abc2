/** Picking handling units: by search (dispatch, co-handlers) or among the units below one's own (forward). */
import { errorText } from '../api.js';
import { h, mount } from '../dom.js';
import { label, UNIT_KIND_LABELS } from '../labels.js';
import { searchUnits } from '../lookups.js';
import type { Unit } from '../types.js';
import type { Field } from './fields.js';

const HANDLING_KINDS = ['department', 'township', 'village', 'grid_station'] as const;

export function unitPickerField(
  name: string,
  labelText: string,
  options: {
    multiple?: boolean;
    required?: boolean;
    initialKind?: string;
    initial?: { id: number; name: string };
  } = {},
): Field & { selected(): Pick<Unit, 'id' | 'name'>[] } {
  const chosen = new Map<number, Pick<Unit, 'id' | 'name'>>();
  if (options.initial) chosen.set(options.initial.id, options.initial);
  const kind = h(
    'select',
    { 'aria-label': `${labelText}类别` },
    h('option', { value: '' }, '全部类别'),
    HANDLING_KINDS.map((k) => h('option', { value: k }, label(UNIT_KIND_LABELS, k))),
  );
  kind.value = options.initialKind ?? '';
  const search = h('input', {
    type: 'search',
    placeholder: '输入单位名称或编码搜索',
    'aria-label': `${labelText}搜索`,
  });
  const results = h('div', { class: 'picker-results', role: 'listbox' });
  const chips = h('div', { class: 'chips' });

  const renderChips = (): void => {
    mount(
      chips,
      chosen.size === 0
        ? h('span', { class: 'muted' }, options.multiple ? '未选择（可不选）' : '未选择')
        : [...chosen.values()].map((u) =>
            h(
              'span',
              { class: 'chip' },
              u.name,
              h(
                'button',
                { type: 'button', class: 'chip-x', 'aria-label': `移除${u.name}`, on: { click: () => toggle(u) } },
                '×',
              ),
            ),
          ),
    );
    results.querySelectorAll<HTMLElement>('[data-unit-id]').forEach((el) => {
      el.classList.toggle('chosen', chosen.has(Number(el.dataset.unitId)));
    });
  };
  const toggle = (unit: Pick<Unit, 'id' | 'name'>): void => {
    if (chosen.has(unit.id)) chosen.delete(unit.id);
    else {
      if (!options.multiple) chosen.clear();
      chosen.set(unit.id, unit);
    }
    renderChips();
  };
  let timer: number | undefined;
  let generation = 0;
  const load = (): void => {
    const mine = ++generation;
    searchUnits({ q: search.value.trim() || undefined, kind: kind.value || undefined })
      .then((units) => {
        if (mine !== generation) return;
        const rows = units.filter((u) => u.kind !== 'centre');
        mount(
          results,
          rows.length === 0
            ? h('div', { class: 'muted pad' }, '没有匹配的单位')
            : rows.map((u) =>
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'picker-row',
                    role: 'option',
                    data: { unitId: u.id },
                    on: { click: () => toggle(u) },
                  },
                  h('span', null, u.name),
                  h('span', { class: 'muted' }, label(UNIT_KIND_LABELS, u.kind)),
                ),
              ),
        );
        renderChips();
      })
      .catch((e: unknown) => mount(results, h('div', { class: 'form-error' }, errorText(e))));
  };
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 250);
  });
  kind.addEventListener('change', load);
  load();
  renderChips();

  const required = options.required ?? false;
  return {
    name,
    required,
    element: h(
      'div',
      { class: 'field unit-picker', data: { picker: name } },
      h('label', null, labelText, required ? h('span', { class: 'req' }, ' *') : null),
      h('div', { class: 'picker-bar' }, kind, search),
      results,
      h('div', { class: 'picker-chosen' }, h('span', { class: 'muted' }, '已选：'), chips),
    ),
    selected: () => [...chosen.values()],
    value: () => {
      const ids = [...chosen.keys()];
      if (options.multiple) return ids.length ? ids : undefined;
      return ids[0];
    },
    problem: () => (required && chosen.size === 0 ? `请选择“${labelText}”` : null),
  };
}

/** 转派 goes down only: the choice is among the active units whose parent is the clerk's unit. */
export function childUnitField(name: string, labelText: string, parentId: number | null): Field {
  const control = h('select', { name, 'aria-label': labelText }, h('option', { value: '' }, '加载中…'));
  if (parentId === null) mount(control, h('option', { value: '' }, '您没有所属单位'));
  else {
    searchUnits({ parentId })
      .then((units) =>
        mount(
          control,
          h('option', { value: '' }, units.length ? '请选择下级单位' : '本单位没有下级单位'),
          units.map((u) => h('option', { value: String(u.id) }, `${u.name}（${label(UNIT_KIND_LABELS, u.kind)}）`)),
        ),
      )
      .catch((e: unknown) => mount(control, h('option', { value: '' }, errorText(e))));
  }
  return {
    name,
    required: true,
    element: h('div', { class: 'field' }, h('label', null, labelText, h('span', { class: 'req' }, ' *')), control),
    value: () => (control.value ? Number(control.value) : undefined),
    problem: () => (control.value ? null : `请选择“${labelText}”`),
  };
}
