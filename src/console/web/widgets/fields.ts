/** Form fields for the dialogs and forms: each knows its control, its value and what "missing" means. */
import { h } from '../dom.js';

export type FieldValue = string | number | boolean | number[] | string[];
export type Values = Record<string, FieldValue>;

export interface Field {
  name: string;
  element: HTMLElement;
  /** undefined when left empty: the field is then left out of the request. */
  value(): FieldValue | undefined;
  required: boolean;
  /** Shown above the form when the value is missing or out of range. */
  problem(): string | null;
}

let nextId = 0;
const fieldId = (name: string): string => `f-${name}-${++nextId}`;

function wrap(labelText: string, id: string, control: HTMLElement, required: boolean, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { htmlFor: id }, labelText, required ? h('span', { class: 'req' }, ' *') : null),
    control,
    hint ? h('div', { class: 'hint' }, hint) : null,
  );
}

export function textField(
  name: string,
  labelText: string,
  options: { required?: boolean; multiline?: boolean; placeholder?: string; maxLength?: number; initial?: string } = {},
): Field {
  const id = fieldId(name);
  const control = options.multiline
    ? h('textarea', { id, name, rows: 4, placeholder: options.placeholder ?? '', maxLength: options.maxLength ?? 4000 })
    : h('input', {
        id,
        name,
        type: 'text',
        placeholder: options.placeholder ?? '',
        maxLength: options.maxLength ?? 500,
      });
  control.value = options.initial ?? '';
  const required = options.required ?? false;
  return {
    name,
    required,
    element: wrap(labelText, id, control, required),
    value: () => control.value.trim() || undefined,
    problem: () => (required && !control.value.trim() ? `请填写“${labelText}”` : null),
  };
}

export function numberField(
  name: string,
  labelText: string,
  options: { min: number; max: number; required?: boolean; initial?: number; hint?: string },
): Field {
  const id = fieldId(name);
  const control = h('input', { id, name, type: 'number', min: options.min, max: options.max, step: 1 });
  if (options.initial !== undefined) control.value = String(options.initial);
  const required = options.required ?? false;
  const read = (): number | undefined => (control.value.trim() === '' ? undefined : Number(control.value));
  return {
    name,
    required,
    element: wrap(labelText, id, control, required, options.hint),
    value: read,
    problem: () => {
      const n = read();
      if (n === undefined) return required ? `请填写“${labelText}”` : null;
      return Number.isInteger(n) && n >= options.min && n <= options.max
        ? null
        : `“${labelText}”须为 ${options.min}–${options.max} 的整数`;
    },
  };
}

export function selectField(
  name: string,
  labelText: string,
  choices: readonly (readonly [string, string])[],
  options: { required?: boolean; initial?: string; placeholder?: string } = {},
): Field & { control: HTMLSelectElement } {
  const id = fieldId(name);
  const control = h(
    'select',
    { id, name },
    options.placeholder !== undefined ? h('option', { value: '' }, options.placeholder) : null,
    choices.map(([value, text]) => h('option', { value }, text)),
  );
  if (options.initial !== undefined) control.value = options.initial;
  const required = options.required ?? false;
  return {
    name,
    control,
    required,
    element: wrap(labelText, id, control, required),
    value: () => control.value || undefined,
    problem: () => (required && !control.value ? `请选择“${labelText}”` : null),
  };
}

export function checkboxField(name: string, labelText: string, initial = false): Field {
  const id = fieldId(name);
  const control = h('input', { id, name, type: 'checkbox', checked: initial });
  return {
    name,
    required: false,
    element: h('div', { class: 'field field-check' }, control, h('label', { htmlFor: id }, labelText)),
    value: () => control.checked,
    problem: () => null,
  };
}

export function valuesOf(fields: readonly Field[]): { values: Values; problems: string[] } {
  const values: Values = {};
  const problems: string[] = [];
  for (const field of fields) {
    const problem = field.problem();
    if (problem) problems.push(problem);
    const value = field.value();
    if (value !== undefined) values[field.name] = value;
  }
  return { values, problems };
}
