/**
 * What the classify/dispatch pipeline suggests for a ticket: the stored `classification` (category,
 * appeal type, urgency, place, emergency hint, possible duplicates) and the latest dispatch
 * suggestion event (units from the responsibility lists, and why the ticket waits in the pool).
 * Advice for people: read defensively, since the pipeline's shapes may grow.
 */
import { h } from '../dom.js';
import { APPEAL_TYPE_LABELS, HAND_OVER_LABELS, label, STATUS_LABELS, URGENCY_LABELS } from '../labels.js';
import { areaPath, nameInto } from '../lookups.js';
import { categoryName, categoryNameByCode } from '../consoles/catalog.js';
import type { TicketDetail } from '../types.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const pct = (v: unknown): string => (num(v) === null ? '' : `（置信度 ${Math.round((num(v) as number) * 100)}%）`);

export interface DispatchSuggestion {
  unitId: number;
  unitName: string;
  why: string | null;
  confidence: number | null;
}

function row(term: string, ...value: (HTMLElement | string | null)[]): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', null, term), h('dd', null, value));
}

export function classificationView(t: TicketDetail): HTMLElement | null {
  const c = obj(t.classification);
  if (!c) return null;
  const rows: HTMLElement[] = [];
  const category = obj(c.category);
  if (category) {
    const id = num(category.categoryId);
    const name = id !== null ? categoryName(id) : categoryNameByCode(str(category.code) ?? '—');
    rows.push(row('事项分类', nameInto(h('span'), name), pct(category.confidence)));
  }
  const appeal = obj(c.appealType);
  if (appeal) rows.push(row('诉求类型', label(APPEAL_TYPE_LABELS, str(appeal.label)), pct(appeal.confidence)));
  const urgency = obj(c.urgency);
  if (urgency) rows.push(row('紧急程度', label(URGENCY_LABELS, str(urgency.label)), pct(urgency.confidence)));
  const place = obj(c.place);
  if (place)
    rows.push(row('地点识别', `“${str(place.matched) ?? ''}” → `, nameInto(h('span'), areaPath(num(place.areaId)))));
  const emergency = obj(c.emergency);
  const duplicates = Array.isArray(c.duplicates) ? c.duplicates.map(obj).filter((d): d is Json => d !== null) : [];
  if (rows.length === 0 && !emergency && duplicates.length === 0) return null;
  return h(
    'div',
    { class: 'suggest' },
    h('h3', null, '智能分类建议'),
    emergency
      ? h(
          'div',
          { class: 'alert' },
          `疑似紧急情况（“${str(emergency.matched) ?? ''}”）：建议转 ${label(HAND_OVER_LABELS, str(emergency.handOverTo))}。${str(emergency.reason) ?? ''}`,
        )
      : null,
    h('dl', { class: 'facts' }, rows),
    duplicates.length
      ? h(
          'div',
          { class: 'dups' },
          h('strong', null, '疑似重复件：'),
          duplicates
            .slice(0, 5)
            .map((d) =>
              h(
                'span',
                { class: 'dup' },
                `${str(d.number) ?? `#${num(d.ticketId) ?? ''}`}（${label(STATUS_LABELS, str(d.status))}，相似度 ${Math.round((num(d.similarity) ?? 0) * 100)}%）`,
              ),
            ),
        )
      : null,
  );
}

/** The units the latest dispatch suggestion names, and the pool's reason in words. */
export function dispatchSuggestions(t: TicketDetail): { reason: string | null; units: DispatchSuggestion[] } | null {
  const event = [...t.events]
    .reverse()
    .find((e) => e.action === 'dispatch-suggested' || e.action === 'emergency-flagged');
  const payload = obj(event?.payload);
  if (!payload) return null;
  const units = (Array.isArray(payload.suggestions) ? payload.suggestions : [])
    .map(obj)
    .filter((s): s is Json => s !== null && num(s.unitId) !== null)
    .map((s) => ({
      unitId: num(s.unitId) as number,
      unitName: str(s.unitName) ?? `单位 #${String(s.unitId)}`,
      why: str(s.why),
      confidence: num(s.confidence),
    }));
  return { reason: str(payload.text), units };
}
