/**
 * The frame around every console: a header with a tab per role the user holds, the user's name and
 * unit and the live-update state; a left nav with the pages of the current role; the page itself.
 */
import type { ConsoleContext } from './context.js';
import { h, mount } from './dom.js';
import { label, ROLE_LABELS } from './labels.js';
import type { LiveMode } from './live.js';
import type { ConsolePage } from './pages.js';
import type { Role } from './types.js';

const ROLE_ORDER: readonly Role[] = ['agent', 'dispatcher', 'clerk', 'supervisor', 'admin'];

const LIVE_TEXT: Record<LiveMode, string> = { connecting: '连接中', live: '实时更新', polling: '定时刷新' };

export function startShell(
  root: HTMLElement,
  ctx: ConsoleContext,
  pages: readonly ConsolePage[],
  logout: () => void,
): () => void {
  const roles = ROLE_ORDER.filter((r) => ctx.user.roles.includes(r) && pages.some((p) => p.role === r));
  const mine = pages.filter((p) => roles.includes(p.role));
  const tabs = h('nav', { class: 'role-tabs', 'aria-label': '角色' });
  const side = h('nav', { class: 'side', 'aria-label': '功能' });
  const outlet = h('main', { class: 'outlet', id: 'outlet' });
  const liveBadge = h('span', { class: 'live', role: 'status' });
  let cleanup: (() => void) | void;

  ctx.live.onMode((mode) => {
    liveBadge.textContent = LIVE_TEXT[mode];
    liveBadge.className = `live live-${mode}`;
    liveBadge.title = mode === 'live' ? '已连接实时推送' : '实时推送不可用，正在定时刷新';
  });

  const link = (page: ConsolePage, current: ConsolePage, className: string, text: string): HTMLElement =>
    h(
      'a',
      {
        href: page.path,
        class:
          page === current || (className === 'tab' && page.role === current.role) ? `${className} active` : className,
        on: {
          click: (e: MouseEvent) => {
            if (e.ctrlKey || e.metaKey || e.shiftKey) return;
            e.preventDefault();
            go(page.path);
          },
        },
      },
      text,
    );

  const render = (): void => {
    const page = mine.find((p) => p.path === location.pathname.replace(/\/$/, '')) ?? null;
    if (!page) {
      const first = mine[0];
      if (first) return go(first.path, true);
      mount(outlet, h('div', { class: 'empty' }, '您的账号没有可用的控制台，请联系管理员分配角色。'));
      return;
    }
    if (typeof cleanup === 'function') cleanup();
    mount(
      tabs,
      roles.map((r) => link(mine.find((p) => p.role === r) as ConsolePage, page, 'tab', label(ROLE_LABELS, r))),
    );
    mount(
      side,
      h('div', { class: 'side-title' }, label(ROLE_LABELS, page.role)),
      mine.filter((p) => p.role === page.role).map((p) => link(p, page, 'side-link', p.title)),
    );
    document.title = `${page.title} · 12345 热线工单系统`;
    outlet.replaceChildren();
    document.body.dataset.page = page.path;
    cleanup = page.render(outlet, ctx);
  };

  const go = (path: string, replace = false): void => {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    render();
  };

  window.addEventListener('popstate', render);
  mount(
    root,
    h(
      'div',
      { class: 'app' },
      h(
        'header',
        { class: 'top' },
        h('div', { class: 'brand' }, h('span', { class: 'logo' }, '12345'), '热线工单系统'),
        tabs,
        h('div', { class: 'spacer' }),
        liveBadge,
        h(
          'div',
          { class: 'who' },
          h('strong', { class: 'who-name' }, ctx.user.displayName),
          h('span', { class: 'who-unit' }, ctx.unit?.name ?? '热线中心'),
        ),
        h('button', { type: 'button', class: 'btn btn-small', on: { click: logout } }, '退出'),
      ),
      h('div', { class: 'body' }, side, outlet),
    ),
  );
  render();
  // after a sign-out the next login builds a new shell: this one must stop reacting to navigation
  return () => {
    window.removeEventListener('popstate', render);
    if (typeof cleanup === 'function') cleanup();
  };
}
