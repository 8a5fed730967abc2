/** A modal form on the native <dialog>: it stays open while the request runs and shows the refusal. */
import { errorText } from '../api.js';
import { h } from '../dom.js';
import { type Field, type Values, valuesOf } from './fields.js';

export interface FormDialog {
  title: string;
  intro?: string;
  fields: Field[];
  submitLabel: string;
  danger?: boolean;
  /** Checks across fields (e.g. a reason unless approved); returns a problem or null. */
  check?: (values: Values) => string | null;
  submit: (values: Values) => Promise<void>;
}

/** Resolves true when submitted (and `submit` succeeded), false when cancelled. */
export function openForm(spec: FormDialog): Promise<boolean> {
  return new Promise((resolve) => {
    const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const submitButton = h(
      'button',
      { type: 'submit', class: spec.danger ? 'btn btn-danger' : 'btn btn-primary' },
      spec.submitLabel,
    );
    const cancel = h('button', { type: 'button', class: 'btn' }, '取消');
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form' },
      h('h2', null, spec.title),
      spec.intro ? h('p', { class: 'muted' }, spec.intro) : null,
      error,
      spec.fields.map((f) => f.element),
      h('div', { class: 'dialog-actions' }, cancel, submitButton),
    );
    const dialog = h('dialog', { class: 'dialog' }, form);
    let done = false;
    const finish = (result: boolean): void => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    const showError = (message: string): void => {
      error.textContent = message;
      error.hidden = false;
    };
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', () => finish(false));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const { values, problems } = valuesOf(spec.fields);
      const problem = problems[0] ?? spec.check?.(values) ?? null;
      if (problem) return showError(problem);
      submitButton.disabled = true;
      spec
        .submit(values)
        .then(() => finish(true))
        .catch((e: unknown) => {
          submitButton.disabled = false;
          showError(errorText(e));
        });
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    const first = form.querySelector<HTMLElement>('input, textarea, select');
    first?.focus();
  });
}
