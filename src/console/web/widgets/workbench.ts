/**
 * The working screen most consoles share: a list of tickets on the left, the selected one on the
 * right, both kept current by live events (or polling). The selection lives in the URL (?t=), so a
 * reload or a link opens the same ticket.
 */
import { errorText } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { h, mount } from '../dom.js';
import type { LiveEvent, Ticket } from '../types.js';
import { type Column, ticketTable } from './ticket-table.js';
import { TicketPanel } from './ticket-detail.js';

export interface WorkbenchOptions {
  title: string;
  empty: string;
  load: () => Promise<Ticket[]>;
  columns?: readonly Column[];
  /** Extra controls in the list's header (filters). Call `reload` when they change. */
  toolbar?: (reload: () => void) => HTMLElement[];
  /** Mark rows that were not there at the previous load, and tell the page (the clerk's chime). */
  onNew?: (tickets: Ticket[]) => void;
  /** Which live events may change this list; by default every ticket event. */
  relevant?: (event: LiveEvent) => boolean;
  /** The user's live rooms do not carry every change of this list: keep polling while live. */
  pollWhenLive?: boolean;
}

const HIGHLIGHT_MS = 60_000;

export function workbench(outlet: HTMLElement, ctx: ConsoleContext, options: WorkbenchOptions): () => void {
  const panel = new TicketPanel(ctx, () => void reload());
  const count = h('span', { class: 'count' });
  const body = h('div', { class: 'list-body' }, h('div', { class: 'empty' }, '加载中…'));
  const highlight = new Map<number, number>();
  let tickets: Ticket[] = [];
  let known: Set<number> | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const select = (ticket: Ticket): void => {
    highlight.delete(ticket.id);
    setParam('t', String(ticket.id));
    void panel.show(ticket.id);
    draw();
  };

  const draw = (): void => {
    const now = Date.now();
    for (const [id, until] of highlight) if (until < now) highlight.delete(id);
    count.textContent = `${tickets.length} 件`;
    mount(
      body,
      tickets.length === 0
        ? h('div', { class: 'empty' }, options.empty)
        : ticketTable(tickets, {
            columns: options.columns,
            selectedId: panel.id,
            highlight: new Set(highlight.keys()),
            onSelect: select,
          }),
    );
  };

  const loadOnce = async (forPanel: boolean): Promise<void> => {
    try {
      tickets = await options.load();
    } catch (error) {
      mount(body, h('div', { class: 'form-error' }, errorText(error)));
      return;
    }
    if (stopped) return;
    const fresh = known ? tickets.filter((t) => !known?.has(t.id)) : [];
    known = new Set(tickets.map((t) => t.id));
    if (options.onNew && fresh.length) {
      fresh.forEach((t) => highlight.set(t.id, Date.now() + HIGHLIGHT_MS));
      options.onNew(fresh);
    }
    draw();
    // the panel re-reads only when its ticket changed since, so a revealed number is not wiped by a poll;
    // a list read while the panel's own action committed shows an older version, which is not news
    const shown = panel.id === null ? undefined : tickets.find((t) => t.id === panel.id);
    if (panel.id !== null && (forPanel || (shown && shown.version > (panel.version ?? 0)))) await panel.refresh();
  };

  /** Loads are serialised; triggers during a load fold into one more load. */
  const reload = (forPanel = false): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = loadOnce(forPanel).finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        void reload();
      }
    });
    return running;
  };

  const unsubscribe = ctx.live.subscribe(
    (event) => {
      if (event === null) return void reload();
      if (event.ticketId !== null && event.ticketId === panel.id) return void reload(panel.isBehind(event));
      if ((options.relevant ?? defaultRelevant)(event)) void reload();
    },
    { pollWhenLive: options.pollWhenLive },
  );

  mount(
    outlet,
    h(
      'div',
      { class: 'workbench' },
      h(
        'section',
        { class: 'panel list-panel' },
        h(
          'header',
          { class: 'list-head' },
          h('h2', null, options.title),
          count,
          h('div', { class: 'spacer' }),
          options.toolbar?.(() => void reload()) ?? [],
          h('button', { type: 'button', class: 'btn btn-small', on: { click: () => void reload() } }, '刷新'),
        ),
        body,
      ),
      panel.element,
    ),
  );
  const initial = Number(new URLSearchParams(location.search).get('t'));
  if (Number.isInteger(initial) && initial > 0) void panel.show(initial);
  void reload();
  return () => {
    stopped = true;
    unsubscribe();
    panel.dispose();
  };
}

function defaultRelevant(event: LiveEvent): boolean {
  return event.type.startsWith('ticket.') || event.type === 'pool.changed' || event.type.startsWith('sla.');
}

export function setParam(name: string, value: string | null): void {
  const url = new URL(location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  history.replaceState(history.state, '', url);
}
