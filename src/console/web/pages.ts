import type { ConsoleContext } from './context.js';
import type { Role } from './types.js';

/** One screen of a console; `render` returns what to stop (subscriptions, timers) when leaving it. */
export interface ConsolePage {
  path: string;
  role: Role;
  title: string;
  render(outlet: HTMLElement, ctx: ConsoleContext): (() => void) | void;
}

/** Moves to another console page from inside a page (the shell listens to popstate). */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
