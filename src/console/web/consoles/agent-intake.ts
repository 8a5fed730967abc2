/**
 * The agent's intake form. Four ways out of one call: a ticket for dispatch (提交派单), an answer on
 * the call (即时办结), a handover to 110/119/120/122, or an invalid call. The ticket is created only
 * once the agent has said which, so a cancelled dialog leaves nothing half-done behind.
 */
import { errorText } from '../api.js';
import { h, mount } from '../dom.js';
import {
  APPEAL_TYPE_LABELS,
  CHANNEL_LABELS,
  HAND_OVER_LABELS,
  label,
  SOURCE_LINE_LABELS,
  URGENCY_LABELS,
} from '../labels.js';
import { actOn, createTicket, isTypedPhone, type NewTicket } from '../tickets-api.js';
import type { TicketDetail } from '../types.js';
import { areaPickerField } from '../widgets/area-picker.js';
import { openForm } from '../widgets/dialog.js';
import { checkboxField, type Field, selectField, textField, type Values } from '../widgets/fields.js';
import { toast } from '../widgets/toast.js';
import type { CallInfo } from './agent-calls.js';
import { intakeAdvisor } from './agent-advice.js';
import { categoryOptions } from './catalog.js';

const entries = (table: Record<string, string>): [string, string][] => Object.entries(table);

export interface IntakeForm {
  element: HTMLElement;
  useCall(call: CallInfo): void;
}

export function intakeForm(onCreated: (ticket: TicketDetail) => void): IntakeForm {
  let callId: number | undefined;
  const callerName = textField('callerName', '来电人姓名', { maxLength: 64, placeholder: '如：王先生' });
  const callerPhone = textField('callerPhone', '联系电话', { maxLength: 20, placeholder: '手机或座机号码' });
  const confidential = checkboxField('callerConfidential', '来电人要求保密（承办单位不可见姓名和号码）');
  const channel = selectField('channel', '受理渠道', entries(CHANNEL_LABELS), { initial: 'phone' });
  const sourceLine = selectField('sourceLine', '来源线路', entries(SOURCE_LINE_LABELS), { initial: '12345' });
  const description = textField('description', '诉求内容', {
    required: true,
    multiline: true,
    placeholder: '记录来电人反映的问题：时间、地点、事件、诉求',
  });
  const address = textField('address', '详细地址', { maxLength: 255, placeholder: '如：古城街道金钟社区某小区3栋' });
  const area = areaPickerField('areaId', () => advise());
  const appealType = selectField('appealType', '诉求类型', entries(APPEAL_TYPE_LABELS), { placeholder: '请选择' });
  const urgency = selectField('urgency', '紧急程度', entries(URGENCY_LABELS), { initial: 'normal' });
  const categorySlot = h('div');
  let category: (Field & { control: HTMLSelectElement }) | null = null;
  const error = h('div', { class: 'form-error', role: 'alert', hidden: true });

  void categoryOptions().then((options) => {
    if (!options) return;
    category = selectField(
      'categoryId',
      '事项分类',
      options.map((o) => [String(o.id), `${'　'.repeat(o.depth)}${o.name}`] as const),
      { placeholder: '请选择（可由系统智能分类）' },
    );
    category.control.addEventListener('change', () => advise());
    mount(categorySlot, category.element);
  });

  const fields: Field[] = [
    callerName,
    callerPhone,
    confidential,
    channel,
    sourceLine,
    description,
    address,
    area,
    appealType,
    urgency,
  ];

  const setSelect = (field: Field, value: string): void => {
    const select = field.element.querySelector('select');
    if (select && [...select.options].some((o) => o.value === value)) select.value = value;
  };
  const advisor = intakeAdvisor({
    category: (id) => {
      if (category) setSelect(category, String(id));
    },
    appealType: (value) => setSelect(appealType, value),
    urgency: (value) => setSelect(urgency, value),
    area: (id) => area.set(id),
  });
  /** What the agent has typed so far, for the live advice. */
  function advise(): void {
    const text = (f: Field): string | undefined => {
      const v = f.value();
      return typeof v === 'string' ? v : undefined;
    };
    const phone = text(callerPhone);
    const areaId = area.value();
    advisor.update({
      description: text(description),
      address: text(address),
      callerPhone: phone && isTypedPhone(phone) ? phone : undefined,
      areaId: typeof areaId === 'number' ? areaId : undefined,
      categoryId: category?.value() ? Number(category.value()) : undefined,
    });
  }
  for (const f of [description, address, callerPhone]) f.element.addEventListener('input', advise);

  const body = (values: Values, overrides: Partial<NewTicket> = {}): NewTicket => ({
    channel: String(values.channel ?? 'phone'),
    sourceLine: String(values.sourceLine ?? '12345'),
    callerName: values.callerName as string | undefined,
    callerPhone: values.callerPhone as string | undefined,
    callerConfidential: values.callerConfidential === true,
    description: String(values.description ?? ''),
    address: values.address as string | undefined,
    areaId: values.areaId as number | undefined,
    categoryId: category?.value() ? Number(category.value()) : undefined,
    appealType: values.appealType as string | undefined,
    urgency: String(values.urgency ?? 'normal'),
    callId,
    ...overrides,
  });

  const read = (needDescription: boolean): Values | null => {
    const values: Values = {};
    for (const f of fields) {
      const v = f.value();
      if (v !== undefined) values[f.name] = v;
    }
    const phone = values.callerPhone;
    const problem =
      needDescription && !values.description
        ? '请填写“诉求内容”'
        : typeof phone === 'string' && !isTypedPhone(phone)
          ? '联系电话应为 3–20 位数字'
          : null;
    error.textContent = problem ?? '';
    error.hidden = !problem;
    return problem ? null : values;
  };

  const finish = (ticket: TicketDetail, message: string): void => {
    toast(message);
    onCreated(ticket);
    reset();
  };

  const reset = (): void => {
    for (const f of fields) {
      const control = f.element.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
        'input, textarea, select',
      );
      if (!control) continue;
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = false;
      else if (f === channel) control.value = 'phone';
      else if (f === sourceLine) control.value = '12345';
      else if (f === urgency) control.value = 'normal';
      else control.value = '';
    }
    area.reset();
    if (category) category.control.value = '';
    advisor.clear();
    callId = undefined;
  };

  const busy = (on: boolean): void => buttons.querySelectorAll('button').forEach((b) => (b.disabled = on));

  const submitForDispatch = async (): Promise<void> => {
    const values = read(true);
    if (!values) return;
    busy(true);
    try {
      const created = await createTicket(body(values));
      const submitted = await actOn(created, 'submit');
      finish(submitted, `工单 ${submitted.number} 已提交派单`);
    } catch (e) {
      toast(errorText(e), 'error');
    } finally {
      busy(false);
    }
  };

  /** Asks the closing fields first, then creates the ticket and closes it in the same breath. */
  const createAndClose = async (
    action: 'resolve-on-call' | 'hand-over' | 'mark-invalid',
    title: string,
    dialogFields: Field[],
    overrides: (extra: Values, values: Values) => Partial<NewTicket>,
    done: (t: TicketDetail) => string,
  ): Promise<void> => {
    const values = read(action !== 'mark-invalid');
    if (!values) return;
    await openForm({
      title,
      fields: dialogFields,
      submitLabel: '确认',
      danger: action !== 'resolve-on-call',
      submit: async (extra) => {
        const created = await createTicket(body(values, overrides(extra, values)));
        const closed = await actOn(created, action, extra);
        finish(closed, done(closed));
      },
    });
  };

  const buttons = h(
    'div',
    { class: 'form-actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-primary',
        id: 'btn-submit-dispatch',
        on: { click: () => void submitForDispatch() },
      },
      '提交派单',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        on: {
          click: () =>
            void createAndClose(
              'resolve-on-call',
              '即时办结',
              [
                textField('content', '答复内容', {
                  required: true,
                  multiline: true,
                  placeholder: '当场答复来电人的内容',
                }),
              ],
              () => ({}),
              (t) => `工单 ${t.number} 已即时办结`,
            ),
        },
      },
      '即时办结',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-danger-outline',
        on: {
          click: () =>
            void createAndClose(
              'hand-over',
              '转警 / 紧急移交',
              [
                selectField('handOverTo', '移交至', entries(HAND_OVER_LABELS), {
                  required: true,
                  placeholder: '请选择',
                }),
              ],
              () => ({ urgency: 'critical' }),
              (t) => `工单 ${t.number} 已移交 ${t.handOverTo ?? ''}`,
            ),
        },
      },
      '转警/紧急移交',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        on: {
          click: () =>
            void createAndClose(
              'mark-invalid',
              '无效件',
              [
                selectField(
                  'reason',
                  '无效原因',
                  ['无声电话', '骚扰电话', '打错电话', '测试电话'].map((r) => [r, r] as const),
                  { required: true, placeholder: '请选择' },
                ),
              ],
              (extra, values) => (values.description ? {} : { description: `无效来电：${String(extra.reason)}` }),
              (t) => `工单 ${t.number} 已记为无效件`,
            ),
        },
      },
      '无效件',
    ),
  );

  const element = h(
    'section',
    { class: 'panel intake', 'aria-label': '新建工单' },
    h('h2', null, '新建工单'),
    error,
    h(
      'div',
      { class: 'grid3' },
      callerName.element,
      callerPhone.element,
      h('div', { class: 'field-inline' }, confidential.element),
    ),
    h('div', { class: 'grid3' }, channel.element, sourceLine.element, urgency.element),
    description.element,
    h('div', { class: 'grid2' }, area.element, address.element),
    h('div', { class: 'grid2' }, appealType.element, categorySlot),
    advisor.element,
    buttons,
  );

  return {
    element,
    useCall: (call) => {
      callId = call.callId ?? undefined;
      const phone = callerPhone.element.querySelector('input');
      if (phone) phone.value = call.callerPhone;
      const line = sourceLine.element.querySelector('select');
      if (line && call.sourceLine in SOURCE_LINE_LABELS) line.value = call.sourceLine;
      const ch = channel.element.querySelector('select');
      if (ch) ch.value = 'phone';
      description.element.querySelector('textarea')?.focus();
      advise();
      toast(`已带入来电 ${call.callerPhone}（${label(SOURCE_LINE_LABELS, call.sourceLine)}）`, 'info');
    },
  };
}
