/**
 * Names of units and areas, fetched once per session and shared by every view: tickets carry ids,
 * people read names. A failed lookup is not cached, so it is retried at the next render.
 */
import { get, query } from './api.js';
import type { Area, Page, Unit } from './types.js';

const units = new Map<number, Promise<Unit>>();
const areas = new Map<number, Promise<Area>>();

function cached<T>(map: Map<number, Promise<T>>, id: number, load: () => Promise<T>): Promise<T> {
  let hit = map.get(id);
  if (!hit) {
    hit = load();
    map.set(id, hit);
    hit.catch(() => map.delete(id));
  }
  return hit;
}

export function unitById(id: number): Promise<Unit> {
  return cached(units, id, () => get<Unit>(`/api/admin/units/${id}`));
}

export function areaById(id: number): Promise<Area> {
  return cached(areas, id, () => get<Area>(`/api/admin/areas/${id}`));
}

export async function unitName(id: number | null): Promise<string> {
  if (id === null) return '—';
  try {
    return (await unitById(id)).name;
  } catch {
    return `单位 #${id}`;
  }
}

/** "古城街道 / 金钟社区": the area and its parents below the county. */
export async function areaPath(id: number | null): Promise<string> {
  if (id === null) return '—';
  try {
    const names: string[] = [];
    let area: Area | null = await areaById(id);
    while (area && area.level !== 'county') {
      names.unshift(area.name);
      area = area.parentId ? await areaById(area.parentId) : null;
    }
    return names.join(' / ') || (await areaById(id)).name;
  } catch {
    return `区划 #${id}`;
  }
}

/** Fills a text slot once the name is known, so lists render at once and names follow. */
export function nameInto(el: HTMLElement, name: Promise<string>): HTMLElement {
  void name.then((text) => (el.textContent = text));
  return el;
}

export function remember(unit: Unit): void {
  units.set(unit.id, Promise.resolve(unit));
}

export async function searchUnits(filter: { q?: string; kind?: string; parentId?: number }): Promise<Unit[]> {
  const page = await get<Page<Unit>>(`/api/admin/units${query({ ...filter, limit: 50 })}`);
  page.items.forEach(remember);
  return page.items.filter((u) => u.active);
}

export async function childAreas(parentId: number): Promise<Area[]> {
  const rows: Area[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<Page<Area>>(`/api/admin/areas${query({ parentId, limit: 200, cursor })}`);
    page.items.forEach((a) => areas.set(a.id, Promise.resolve(a)));
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

export async function countyAreas(): Promise<Area[]> {
  const page = await get<Page<Area>>(`/api/admin/areas${query({ level: 'county', limit: 20 })}`);
  page.items.forEach((a) => areas.set(a.id, Promise.resolve(a)));
  return page.items;
}
