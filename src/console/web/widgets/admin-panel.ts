/** The frame of an admin list page: a title, its filters, a "new" button, and the list below. */
import { h } from '../dom.js';

export function adminListPanel(options: {
  title: string;
  filters: HTMLElement[];
  createLabel: string;
  onCreate: () => void;
  body: HTMLElement;
}): HTMLElement {
  return h(
    'section',
    { class: 'panel admin-panel' },
    h(
      'header',
      { class: 'list-head' },
      h('h2', null, options.title),
      h('div', { class: 'spacer' }),
      ...options.filters,
      h(
        'button',
        { type: 'button', class: 'btn btn-primary btn-small', on: { click: options.onCreate } },
        options.createLabel,
      ),
    ),
    options.body,
  );
}

/** An admin list: a heading row, then one row a record (each a `tr` the page builds). */
export function gridTable(headings: readonly string[], rows: readonly HTMLElement[]): HTMLElement {
  return h(
    'table',
    { class: 'grid' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headings.map((t) => h('th', null, t)),
      ),
    ),
    h('tbody', null, rows),
  );
}
