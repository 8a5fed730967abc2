/** The ticket's event timeline, oldest first, in the words of the workflow. */
import { formatTime, h } from '../dom.js';
import {
  ACTION_LABELS,
  DECISION_LABELS,
  HAND_OVER_LABELS,
  label,
  SATISFACTION_LABELS,
  STATUS_LABELS,
} from '../labels.js';
import { nameInto, unitName } from '../lookups.js';
import type { TicketEvent } from '../types.js';

export function timeline(events: readonly TicketEvent[]): HTMLElement {
  return h(
    'ol',
    { class: 'timeline' },
    events.map((e) =>
      h(
        'li',
        { class: 'tl-item', data: { action: e.action } },
        h('div', { class: 'tl-time' }, formatTime(e.at)),
        h(
          'div',
          { class: 'tl-body' },
          h(
            'div',
            { class: 'tl-head' },
            h('strong', null, label(ACTION_LABELS, e.action)),
            ' ',
            actor(e),
            e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus
              ? h(
                  'span',
                  { class: 'muted' },
                  ` ${label(STATUS_LABELS, e.fromStatus)} → ${label(STATUS_LABELS, e.toStatus)}`,
                )
              : null,
          ),
          details(e),
        ),
      ),
    ),
  );
}

function actor(e: TicketEvent): HTMLElement {
  if (e.actorUnitId !== null) return nameInto(h('span', { class: 'tl-actor' }), unitName(e.actorUnitId));
  if (e.actorUserId !== null) return h('span', { class: 'tl-actor' }, '热线中心');
  return h('span', { class: 'tl-actor' }, '系统');
}

function details(e: TicketEvent): HTMLElement | null {
  const p = e.payload ?? {};
  const lines: (string | HTMLElement)[] = [];
  const text = (key: string): string | null => (typeof p[key] === 'string' ? (p[key] as string) : null);
  if (typeof p.unitId === 'number' && (e.action === 'dispatch' || e.action === 'forward')) {
    lines.push(h('span', null, '承办单位：', nameInto(h('span'), unitName(p.unitId))));
  }
  if (Array.isArray(p.coHandlerUnitIds) && p.coHandlerUnitIds.length) {
    lines.push(
      h(
        'span',
        null,
        '协办：',
        (p.coHandlerUnitIds as number[]).map((id, i) => [i ? '、' : '', nameInto(h('span'), unitName(id))]),
      ),
    );
  }
  if (typeof p.extensionDays === 'number') lines.push(`申请延期 ${p.extensionDays} 个工作日`);
  if (typeof p.suspensionDays === 'number') lines.push(`申请中止 ${p.suspensionDays} 天`);
  if (text('decision')) lines.push(`意见：${label(DECISION_LABELS, text('decision'))}`);
  if (typeof p.solved === 'boolean')
    lines.push(`${p.solved ? '已解决' : '未解决'}，${label(SATISFACTION_LABELS, text('satisfaction'))}`);
  if (text('handOverTo')) lines.push(`移交 ${label(HAND_OVER_LABELS, text('handOverTo'))}`);
  if (text('masterNumber')) lines.push(`并入主工单 ${text('masterNumber')}`);
  if (text('duplicateNumber')) lines.push(`重复件 ${text('duplicateNumber')}`);
  if (e.action === 'dispatch-suggested' || e.action === 'emergency-flagged') {
    if (text('text')) lines.push(text('text') as string);
  }
  if (e.reason) lines.push(`理由：${e.reason}`);
  if (text('content')) lines.push(text('content') as string);
  return lines.length
    ? h(
        'div',
        { class: 'tl-detail' },
        lines.map((l) => h('div', null, l)),
      )
    : null;
}
