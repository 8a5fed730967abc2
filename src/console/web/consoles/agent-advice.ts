/**
 * Live advice while the agent types: `POST /api/intake/suggestions` (classifier guesses, the unit the
 * responsibility lists name, likely duplicates, an emergency hint), with a one-click "采用" that
 * fills the form. Without that API, the responsibility lists alone once category and place are chosen.
 */
import { errorText, get, isMissingEndpoint, post, query } from '../api.js';
import { h, mount } from '../dom.js';
import { APPEAL_TYPE_LABELS, HAND_OVER_LABELS, label, STATUS_LABELS, URGENCY_LABELS } from '../labels.js';
import { areaPath, nameInto } from '../lookups.js';
import { categoryName, categoryNameByCode } from './catalog.js';

export interface IntakeInput {
  description?: string;
  address?: string;
  callerPhone?: string;
  areaId?: number;
  categoryId?: number;
}

export interface ApplyAdvice {
  category(id: number): void;
  appealType(value: string): void;
  urgency(value: string): void;
  area(id: number): Promise<void>;
}

interface Guess {
  label: string;
  confidence: number;
}

interface Responsibility {
  unit: { id: number; name: string } | null;
  coHandlers: { id: number; name: string }[];
  explanation: string[];
}

interface Advice {
  classification: {
    category: { categoryId: number | null; code: string; confidence: number };
    appealType: Guess | null;
    urgency: Guess;
    place: { areaId: number; matched: string; confidence: number } | null;
  };
  responsibility: Responsibility | null;
  duplicates: { ticketId: number; number: string; status: string; similarity: number }[];
  emergency: { handOverTo: string; reason: string; matched: string } | null;
}

const DEBOUNCE_MS = 600;
const CJK = /[\u4e00-\u9fff]/;
const pct = (n: number): string => `${Math.round(n * 100)}%`;

export function intakeAdvisor(apply: ApplyAdvice): {
  element: HTMLElement;
  update(input: IntakeInput): void;
  clear(): void;
} {
  const body = h('div', { class: 'suggest-body' });
  const element = h(
    'section',
    { class: 'suggest', id: 'intake-advice', hidden: true, 'aria-live': 'polite' },
    h('h3', null, '受理建议'),
    body,
  );
  let apiMissing = false;
  let timer: number | undefined;
  let generation = 0;

  const show = (...children: (HTMLElement | null)[]): void => {
    mount(body, children);
    element.hidden = children.every((c) => c === null);
  };

  const responsibilityView = (r: Responsibility | null): HTMLElement =>
    r?.unit
      ? h(
          'div',
          null,
          h(
            'div',
            null,
            '权责清单：',
            h('strong', null, r.unit.name),
            r.coHandlers.length ? `；协办 ${r.coHandlers.map((u) => u.name).join('、')}` : '',
          ),
          // the resolver explains itself in English today: show only lines a Chinese-reading agent can use
          r.explanation
            .filter((line) => CJK.test(line))
            .slice(0, 2)
            .map((line) => h('div', { class: 'muted small' }, line)),
        )
      : h('div', { class: 'muted' }, '权责清单未覆盖：提交后进入派单池由分办员派单');

  const render = (a: Advice): void => {
    const c = a.classification;
    const category =
      c.category.categoryId !== null ? categoryName(c.category.categoryId) : categoryNameByCode(c.category.code);
    const adopt = (): void => {
      if (c.category.categoryId !== null) apply.category(c.category.categoryId);
      if (c.appealType) apply.appealType(c.appealType.label);
      apply.urgency(c.urgency.label);
      if (c.place) void apply.area(c.place.areaId);
    };
    show(
      a.emergency
        ? h(
            'div',
            { class: 'alert' },
            `疑似紧急情况（“${a.emergency.matched}”）：请判断是否转 ${label(HAND_OVER_LABELS, a.emergency.handOverTo)}。${a.emergency.reason}`,
          )
        : null,
      h(
        'dl',
        { class: 'facts' },
        h(
          'div',
          { class: 'fact' },
          h('dt', null, '事项分类'),
          h('dd', null, nameInto(h('span'), category), ` ${pct(c.category.confidence)}`),
        ),
        h(
          'div',
          { class: 'fact' },
          h('dt', null, '诉求类型'),
          h(
            'dd',
            null,
            c.appealType ? `${label(APPEAL_TYPE_LABELS, c.appealType.label)} ${pct(c.appealType.confidence)}` : '—',
          ),
        ),
        h('div', { class: 'fact' }, h('dt', null, '紧急程度'), h('dd', null, label(URGENCY_LABELS, c.urgency.label))),
        h(
          'div',
          { class: 'fact' },
          h('dt', null, '发生地点'),
          h('dd', null, c.place ? nameInto(h('span'), areaPath(c.place.areaId)) : '未识别'),
        ),
      ),
      responsibilityView(a.responsibility),
      a.duplicates.length
        ? h(
            'div',
            { class: 'dups' },
            h('strong', null, '疑似重复件：'),
            a.duplicates
              .slice(0, 5)
              .map((d) =>
                h(
                  'span',
                  { class: 'dup' },
                  `${d.number}（${label(STATUS_LABELS, d.status)}，相似度 ${pct(d.similarity)}）`,
                ),
              ),
          )
        : null,
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn btn-small', on: { click: adopt } }, '采用建议'),
      ),
    );
  };

  /** Without the intake API: the lists' answer once both category and place are chosen. */
  const resolveOnly = async (input: IntakeInput, mine: number): Promise<void> => {
    if (!input.categoryId || !input.areaId) return show(null);
    try {
      const r = await get<Responsibility>(
        `/api/responsibility/resolve${query({ categoryId: input.categoryId, areaId: input.areaId })}`,
      );
      if (mine === generation) show(responsibilityView(r));
    } catch (e) {
      if (mine === generation) show(isMissingEndpoint(e) ? null : h('div', { class: 'muted' }, errorText(e)));
    }
  };

  const run = async (input: IntakeInput, mine: number): Promise<void> => {
    if (apiMissing) return resolveOnly(input, mine);
    if (!input.description || input.description.length < 4) return show(null);
    try {
      const advice = await post<Advice>('/api/intake/suggestions', input);
      if (mine === generation) render(advice);
    } catch (e) {
      if (isMissingEndpoint(e)) {
        apiMissing = true;
        return resolveOnly(input, mine);
      }
      if (mine === generation) show(h('div', { class: 'muted small' }, `暂无建议：${errorText(e)}`));
    }
  };

  return {
    element,
    update: (input) => {
      window.clearTimeout(timer);
      const mine = ++generation;
      timer = window.setTimeout(() => void run(input, mine), DEBOUNCE_MS);
    },
    clear: () => {
      window.clearTimeout(timer);
      generation += 1;
      show(null);
    },
  };
}
