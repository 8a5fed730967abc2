/** 用户管理: create users, change their roles and unit, reset a password, deactivate. */
import { errorText, get, patch, post, query } from '../api.js';
import type { ConsoleContext } from '../context.js';
import { formatTime, h, mount } from '../dom.js';
import { label, ROLE_LABELS } from '../labels.js';
import { nameInto, unitName } from '../lookups.js';
import type { Page, Role, UserRow } from '../types.js';
import { adminListPanel, gridTable } from '../widgets/admin-panel.js';
import { openForm } from '../widgets/dialog.js';
import { type Field, textField } from '../widgets/fields.js';
import { toast } from '../widgets/toast.js';
import { unitPickerField } from '../widgets/unit-picker.js';

const ROLES = Object.keys(ROLE_LABELS) as Role[];

function rolesField(initial: readonly Role[]): Field {
  const boxes = ROLES.map((r) => {
    const box = h('input', { type: 'checkbox', value: r, checked: initial.includes(r) });
    return { role: r, box, element: h('label', { class: 'inline-check' }, box, label(ROLE_LABELS, r)) };
  });
  const chosen = (): Role[] => boxes.filter((b) => b.box.checked).map((b) => b.role);
  return {
    name: 'roles',
    required: true,
    element: h(
      'div',
      { class: 'field' },
      h('label', null, '角色', h('span', { class: 'req' }, ' *')),
      h(
        'div',
        { class: 'check-row' },
        boxes.map((b) => b.element),
      ),
    ),
    value: () => (chosen().length ? chosen() : undefined),
    problem: () => (chosen().length ? null : '请至少选择一个角色'),
  };
}

export function usersPage(outlet: HTMLElement, _ctx: ConsoleContext): void {
  const q = h('input', { type: 'search', placeholder: '用户名或姓名', 'aria-label': '搜索用户' });
  const role = h(
    'select',
    { 'aria-label': '角色' },
    h('option', { value: '' }, '全部角色'),
    ROLES.map((r) => h('option', { value: r }, label(ROLE_LABELS, r))),
  );
  const body = h('div', { class: 'list-body' });
  const load = (): void => {
    get<Page<UserRow>>(`/api/admin/users${query({ q: q.value.trim(), role: role.value, limit: 100 })}`)
      .then((page) => mount(body, table(page.items, load)))
      .catch((e: unknown) => mount(body, h('div', { class: 'form-error' }, errorText(e))));
  };
  q.addEventListener('change', load);
  role.addEventListener('change', load);
  const create = (): void =>
    void openForm({
      title: '新增用户',
      fields: [
        textField('username', '用户名', { required: true, maxLength: 64, placeholder: '小写字母、数字、. _ -' }),
        textField('displayName', '姓名', { required: true, maxLength: 64 }),
        textField('password', '初始密码（至少 8 位）', { required: true, maxLength: 128 }),
        rolesField([]),
        unitPickerField('unitId', '所属单位（承办单位人员必选）'),
      ],
      submitLabel: '创建',
      submit: async (v) => {
        await post<UserRow>('/api/admin/users', {
          username: v.username,
          displayName: v.displayName,
          password: v.password,
          roles: v.roles,
          unitId: v.unitId ?? null,
        });
        toast('用户已创建');
        load();
      },
    });
  mount(outlet, adminListPanel({ title: '用户', filters: [role, q], createLabel: '新增用户', onCreate: create, body }));
  load();
}

function table(users: UserRow[], reload: () => void): HTMLElement {
  const edit = (u: UserRow): void =>
    void openForm({
      title: `编辑用户 · ${u.displayName}`,
      fields: [
        textField('displayName', '姓名', { required: true, initial: u.displayName, maxLength: 64 }),
        rolesField(u.roles),
        unitPickerField('unitId', '所属单位（不选则不变）'),
        textField('password', '重置密码（留空不修改）', { maxLength: 128 }),
      ],
      submitLabel: '保存',
      submit: async (v) => {
        await patch<UserRow>(`/api/admin/users/${u.id}`, {
          displayName: v.displayName,
          roles: v.roles,
          ...(v.unitId ? { unitId: v.unitId } : {}),
          ...(v.password ? { password: v.password } : {}),
        });
        toast('用户已保存');
        reload();
      },
    });
  const setActive = (u: UserRow, active: boolean): void =>
    void patch<UserRow>(`/api/admin/users/${u.id}`, { active })
      .then(() => {
        toast(active ? '用户已启用' : '用户已停用');
        reload();
      })
      .catch((e: unknown) => toast(errorText(e), 'error'));
  return gridTable(
    ['用户名', '姓名', '角色', '所属单位', '状态', '最近登录', '操作'],
    users.map((u) =>
      h(
        'tr',
        { data: { userId: u.id } },
        h('td', { class: 'mono' }, u.username),
        h('td', null, u.displayName),
        h(
          'td',
          null,
          u.roles.map((r) => h('span', { class: 'badge role' }, label(ROLE_LABELS, r))),
        ),
        h('td', null, nameInto(h('span'), unitName(u.unitId))),
        h('td', null, h('span', { class: u.active ? 'badge ok' : 'badge off' }, u.active ? '启用' : '停用')),
        h('td', { class: 'nowrap' }, formatTime(u.lastLoginAt)),
        h(
          'td',
          { class: 'nowrap' },
          h('button', { type: 'button', class: 'btn btn-small', on: { click: () => edit(u) } }, '编辑'),
          ' ',
          h(
            'button',
            { type: 'button', class: 'btn btn-small', on: { click: () => setActive(u, !u.active) } },
            u.active ? '停用' : '启用',
          ),
        ),
      ),
    ),
  );
}
