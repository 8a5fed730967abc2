/** Entry of the consoles: sign in (or reuse this tab's session), then start the consoles of the user's roles. */
import { errorText, get, post, setUnauthorizedHandler } from './api.js';
import { adminPages } from './consoles/admin.js';
import { agentPages } from './consoles/agent.js';
import { clerkPages } from './consoles/clerk.js';
import { dispatcherPages } from './consoles/dispatcher.js';
import { supervisorPages } from './consoles/supervisor.js';
import { h, mount } from './dom.js';
import { LiveUpdates } from './live.js';
import { unitById } from './lookups.js';
import { clearLogin, pollInterval, readToken, storeLogin } from './session-store.js';
import { startShell } from './shell.js';
import { primeAudioOnGesture } from './sound.js';
import type { AuthUser, Unit } from './types.js';
import { startClockTicker } from './widgets/deadline-clock.js';

const root = document.getElementById('app') as HTMLElement;
let live: LiveUpdates | null = null;
let closeShell: (() => void) | null = null;

function signOut(message?: string): void {
  // several requests may fail with 401 at once: the first one signs out, the others find nothing to do
  if (!readToken() && !live) return;
  closeShell?.();
  closeShell = null;
  live?.stop();
  live = null;
  clearLogin();
  history.replaceState(null, '', '/console/login');
  showLogin(message);
}

function showLogin(message?: string): void {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = h('div', { class: 'form-error', role: 'alert', hidden: !message }, message ?? '');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');
  const form = h(
    'form',
    { class: 'login-card' },
    h('div', { class: 'login-brand' }, h('span', { class: 'logo' }, '12345'), h('span', null, '政务服务便民热线')),
    h('h1', null, '工单系统登录'),
    error,
    h('div', { class: 'field' }, h('label', { htmlFor: 'username' }, '用户名'), username),
    h('div', { class: 'field' }, h('label', { htmlFor: 'password' }, '密码'), password),
    submit,
    h(
      'p',
      { class: 'muted small' },
      '话务员、分办员、承办单位、督办员和管理员使用同一入口，登录后按角色进入各自的工作台。',
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    post<{ accessToken: string; user: AuthUser }>('/api/auth/login', {
      username: username.value.trim(),
      password: password.value,
    })
      .then(({ accessToken, user }) => {
        storeLogin(accessToken, user);
        history.replaceState(null, '', '/console/');
        return enter(user);
      })
      .catch((e: unknown) => {
        submit.disabled = false;
        error.textContent = errorText(e);
        error.hidden = false;
      });
  });
  mount(root, h('div', { class: 'login' }, form));
  username.focus();
}

async function enter(user: AuthUser): Promise<void> {
  const token = readToken();
  if (!token) return showLogin();
  let unit: Unit | null = null;
  if (user.unitId !== null) unit = await unitById(user.unitId).catch(() => null);
  live = new LiveUpdates(token, pollInterval());
  live.start();
  closeShell = startShell(
    root,
    { user, unit, live },
    [...agentPages, ...dispatcherPages, ...clerkPages, ...supervisorPages, ...adminPages],
    () => signOut(),
  );
}

async function boot(): Promise<void> {
  setUnauthorizedHandler(() => signOut('登录已过期，请重新登录'));
  primeAudioOnGesture();
  startClockTicker();
  pollInterval();
  if (!readToken()) return showLogin();
  try {
    // the stored user may be stale (roles changed): the server's answer wins
    const user = await get<AuthUser>('/api/auth/me');
    storeLogin(readToken() as string, user);
    await enter(user);
  } catch (error) {
    signOut(errorText(error));
  }
}

void boot();
