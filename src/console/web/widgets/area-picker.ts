/** The place of an appeal: township (乡镇/街道) first, then optionally its village or community. */
import { errorText } from '../api.js';
import { h, mount } from '../dom.js';
import { areaById, childAreas, countyAreas } from '../lookups.js';
import type { Area } from '../types.js';
import type { Field } from './fields.js';

export function areaPickerField(
  name: string,
  onChange: (areaId: number | undefined) => void = () => undefined,
): Field & { reset(): void; set(areaId: number): Promise<void> } {
  const township = h(
    'select',
    { name: `${name}-township`, 'aria-label': '乡镇（街道）' },
    h('option', { value: '' }, '加载中…'),
  );
  const village = h(
    'select',
    { name: `${name}-village`, 'aria-label': '村（社区）', disabled: true },
    h('option', { value: '' }, '村（社区）'),
  );
  const fill = (select: HTMLSelectElement, placeholder: string, areas: Area[]): void =>
    mount(
      select,
      h('option', { value: '' }, placeholder),
      areas.map((a) => h('option', { value: String(a.id) }, a.name)),
    );
  const current = (): number | undefined =>
    village.value ? Number(village.value) : township.value ? Number(township.value) : undefined;

  const townships = countyAreas()
    .then(async (counties) => {
      const county = counties[0];
      fill(township, '选择乡镇（街道）', county ? await childAreas(county.id) : []);
    })
    .catch((e: unknown) => mount(township, h('option', { value: '' }, errorText(e))));
  const loadVillages = async (): Promise<void> => {
    village.disabled = true;
    fill(village, '村（社区）（可不选）', []);
    if (!township.value) return;
    try {
      const areas = await childAreas(Number(township.value));
      fill(village, '村（社区）（可不选）', areas);
      village.disabled = areas.length === 0;
    } catch (e) {
      mount(village, h('option', { value: '' }, errorText(e)));
    }
  };
  township.addEventListener('change', () => {
    onChange(current());
    void loadVillages();
  });
  village.addEventListener('change', () => onChange(current()));

  /** Selects an area of any level below the county (a grid selects its village). */
  const set = async (areaId: number): Promise<void> => {
    const chain: Area[] = [];
    for (let a: Area | null = await areaById(areaId); a && a.level !== 'county';) {
      chain.unshift(a);
      a = a.parentId ? await areaById(a.parentId) : null;
    }
    await townships;
    const [town, vil] = chain;
    if (!town) return;
    township.value = String(town.id);
    await loadVillages();
    if (vil) village.value = String(vil.id);
    onChange(current());
  };

  return {
    name,
    required: false,
    element: h(
      'div',
      { class: 'field' },
      h('label', null, '发生地点（区划）'),
      h('div', { class: 'row2' }, township, village),
    ),
    value: current,
    problem: () => null,
    set,
    reset: () => {
      township.value = '';
      fill(village, '村（社区）', []);
      village.disabled = true;
    },
  };
}
