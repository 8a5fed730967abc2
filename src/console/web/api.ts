/** The one way the consoles talk to the server: JSON over fetch with the user's bearer token. */
import { readToken } from './session-store.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export function query(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

let onUnauthorized: () => void = () => undefined;

/** The session module decides what an expired token means (back to the login page). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = readToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    headers['Content-Type'] = body.type || 'application/octet-stream';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload });
  if (response.status === 204) return undefined as T;
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = json as { code?: string; message?: string | string[]; details?: unknown } | null;
    const message = Array.isArray(error?.message) ? error.message.join('; ') : (error?.message ?? response.statusText);
    if (response.status === 401 && path !== '/api/auth/login') onUnauthorized();
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, message, error?.details);
  }
  return json as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown): Promise<T> => request<T>('PATCH', path, body);

/**
 * A route the server does not have (yet): Nest answers an unknown path with a bare 404 NOT_FOUND,
 * while a missing record has its own code (TICKET_NOT_FOUND, NO_RULE...). The consoles use this to
 * hide the panels whose API another engineer has not landed.
 */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === 'NOT_FOUND';
}

/** GET that answers null when the endpoint does not exist; other errors still throw. */
export async function getIfAvailable<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch (error) {
    if (isMissingEndpoint(error)) return null;
    throw error;
  }
}

const MESSAGES: Record<string, string> = {
  TICKET_VERSION_CONFLICT: '工单已被他人更新，已为您刷新，请核对后重试',
  TRANSITION_NOT_ALLOWED: '工单当前状态不允许该操作',
  ROLE_NOT_ALLOWED: '您的角色无权进行该操作',
  OUT_OF_SCOPE: '超出本单位的办理权限',
  REASON_REQUIRED: '请填写原因',
  INVALID_DECISION: '请选择审批意见',
  REQUEST_PENDING: '已有申请待审批，请等待处理结果',
  NO_PENDING_REQUEST: '没有待审批的申请',
  CONFIDENTIAL_CALLER: '来电人要求保密，号码不可查看',
  NO_PHONE: '来电人未留电话号码',
  FIELD_REQUIRED: '请填写必填项',
  FORWARD_TARGET_INVALID: '只能转派给本单位的下级单位',
  UNIT_NOT_FOUND: '单位不存在或已停用',
  UNIT_NOT_HANDLING: '热线中心不能作为承办单位',
  MERGE_TARGET_INVALID: '主工单必须是另一张未办结的工单',
  AREA_NOT_FOUND: '所选区划不存在',
  VALIDATION_FAILED: '填写内容不符合要求',
  INVALID_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_LOCKED: '登录失败次数过多，账号已临时锁定',
  ACCOUNT_INACTIVE: '账号已停用',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  AUTH_REQUIRED: '登录已过期，请重新登录',
  CALENDAR_OVERRIDE_EXISTS: '该日期已有单日调整，请先删除原有记录',
  'sla.invalid_date': '日期无效，应为 YYYY-MM-DD',
};

/** A message a user can act on, in Chinese, with the server's words for anything unforeseen. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const known = MESSAGES[error.code];
    return known ? known : `操作失败（${error.code}）：${error.message}`;
  }
  if (error instanceof TypeError) return '无法连接服务器，请检查网络';
  return `操作失败：${error instanceof Error ? error.message : String(error)}`;
}
