/**
 * What each ticket action asks of the user before it is sent. Which actions are offered is not
 * decided here: the server lists them in `allowedActions` from the same state machine it enforces.
 */
import { ACTION_LABELS, DECISION_LABELS, HAND_OVER_LABELS, label, SATISFACTION_LABELS } from '../labels.js';
import { ApiError } from '../api.js';
import { actOn, type ActionFields, getTicket } from '../tickets-api.js';
import type { AuthUser, TicketDetail } from '../types.js';
import { openForm } from './dialog.js';
import { type Field, numberField, selectField, textField, type Values } from './fields.js';
import { childUnitField, unitPickerField } from './unit-picker.js';

interface ActionForm {
  fields: Field[];
  intro?: string;
  danger?: boolean;
  check?: (values: Values) => string | null;
  /** Turns form values into the request's fields where they differ. */
  toBody?: (values: Values) => ActionFields;
}

/** Actions done with one click: asking anything first would only slow the person down. */
const ONE_CLICK = new Set(['submit', 'accept', 'resume']);

const choices = (table: Record<string, string>, keys: readonly string[]): [string, string][] =>
  keys.map((k) => [k, label(table, k)]);

const reason = (text: string, required = true, placeholder?: string): Field =>
  textField('reason', text, { required, multiline: true, maxLength: 500, placeholder });
const content = (text: string, required = true, placeholder?: string): Field =>
  textField('content', text, { required, multiline: true, placeholder });

/** A refusal or a send-back must say why; an approval need not. */
const reasonUnlessApproved = (values: Values): string | null =>
  values.decision !== 'approve' && !values.reason ? '不同意或退回时请填写理由' : null;

function formFor(action: string, user: AuthUser, unit?: { id: number; name: string }): ActionForm | null {
  switch (action) {
    case 'resolve-on-call':
      return { fields: [content('答复内容', true, '当场答复来电人的内容')] };
    case 'mark-invalid':
      return {
        fields: [
          selectField(
            'reason',
            '无效原因',
            [
              ['无声电话', '无声电话'],
              ['骚扰电话', '骚扰电话'],
              ['打错电话', '打错电话'],
              ['测试电话', '测试电话'],
            ],
            { required: true, placeholder: '请选择' },
          ),
        ],
        danger: true,
      };
    case 'hand-over':
      return {
        fields: [
          selectField('handOverTo', '移交至', choices(HAND_OVER_LABELS, ['110', '119', '120', '122']), {
            required: true,
            placeholder: '请选择',
          }),
        ],
        intro: '涉及人身、财产安全的紧急情况，立即转接对应的紧急热线。',
        danger: true,
      };
    case 'merge':
      return { fields: [numberField('masterTicketId', '主工单 ID', { min: 1, max: 2 ** 53 - 1, required: true })] };
    case 'dispatch':
      return {
        fields: [
          unitPickerField('unitId', '主办单位', {
            required: true,
            initialKind: unit ? '' : 'department',
            initial: unit,
          }),
          unitPickerField('coHandlerUnitIds', '协办单位', { multiple: true }),
        ],
      };
    case 'forward':
      return { fields: [childUnitField('unitId', '转派至', user.unitId), reason('转派说明', false)] };
    case 'record-contact':
      return { fields: [content('联系情况', true, '如：已电话联系来电人，约定明日上门')] };
    case 'request-extension':
      return {
        fields: [
          numberField('extensionDays', '延期天数（工作日）', { min: 1, max: 10, required: true, initial: 3 }),
          reason('延期理由'),
        ],
      };
    case 'request-suspension':
      return {
        fields: [
          numberField('suspensionDays', '中止天数（自然日）', { min: 1, max: 90, required: true, initial: 10 }),
          reason('中止理由'),
        ],
      };
    case 'request-return':
      return { fields: [reason('退单理由', true, '如：不属于本单位职责，建议转县住建局')], danger: true };
    case 'decide-extension':
    case 'decide-suspension':
    case 'decide-return':
      return {
        fields: [
          selectField('decision', '审批意见', choices(DECISION_LABELS, ['approve', 'reject']), {
            required: true,
            initial: 'approve',
          }),
          reason('理由', false),
        ],
        check: reasonUnlessApproved,
      };
    case 'review':
      return {
        fields: [
          selectField('decision', '审核意见', choices(DECISION_LABELS, ['approve', 'send_back']), {
            required: true,
            initial: 'approve',
          }),
          reason('退回理由', false),
          textField('content', '审核备注', { multiline: true }),
        ],
        check: reasonUnlessApproved,
      };
    case 'reply':
      return { fields: [content('办理结果', true, '向来电人说明办理结果')] };
    case 'add-part':
      return { fields: [content('协办意见')] };
    case 'callback':
      return {
        fields: [
          selectField(
            'solved',
            '问题是否解决',
            [
              ['yes', '已解决'],
              ['no', '未解决'],
            ],
            { required: true, placeholder: '请选择' },
          ),
          selectField(
            'satisfaction',
            '满意度',
            choices(SATISFACTION_LABELS, ['satisfied', 'basically_satisfied', 'dissatisfied']),
            { required: true, placeholder: '请选择' },
          ),
          textField('content', '回访记录', { multiline: true }),
        ],
        intro: '未解决或不满意的工单将退回承办单位重办。',
        toBody: (v) => ({ ...v, solved: v.solved === 'yes' }),
      };
    case 'urge':
      return { fields: [content('催办内容', false, '如：请于今日内联系来电人')] };
    case 'supervise':
      return { fields: [reason('督办要求')] };
    case 'reveal-phone':
      return { fields: [reason('查看原因', true, '如：需电话联系来电人核实情况')], intro: '查看号码将记入操作日志。' };
    default:
      return null;
  }
}

/**
 * Runs one action on the ticket as the user sees it (its version), asking for the action's fields
 * first. Resolves with the updated ticket, or null when the user cancelled.
 */
export async function runAction(
  ticket: TicketDetail,
  action: string,
  user: AuthUser,
  unit?: { id: number; name: string },
): Promise<TicketDetail | null> {
  if (ONE_CLICK.has(action)) return actOn(ticket, action);
  const form = formFor(action, user, unit) ?? { fields: [] };
  let result: TicketDetail | null = null;
  let current = ticket;
  const submitted = await openForm({
    title: `${label(ACTION_LABELS, action)} · ${ticket.number}`,
    intro: form.intro,
    fields: form.fields,
    danger: form.danger,
    check: form.check,
    submitLabel: label(ACTION_LABELS, action),
    submit: async (values) => {
      try {
        result = await actOn(current, action, form.toBody ? form.toBody(values) : values);
      } catch (error) {
        // someone acted first: take their version, so a second press acts on what is there now
        if (error instanceof ApiError && error.code === 'TICKET_VERSION_CONFLICT') {
          current = await getTicket(ticket.id);
          if (!current.allowedActions.includes(action)) throw new Error('工单已被他人处理，该操作已不可用');
        }
        throw error;
      }
    },
  });
  return submitted ? result : null;
}
