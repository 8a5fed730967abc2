/**
 * The API's JSON as the browser receives it (dates are ISO strings). Written by hand from the
 * OpenAPI contract: the browser imports nothing from the server code.
 */
export type Role = 'agent' | 'dispatcher' | 'clerk' | 'supervisor' | 'admin';

export type TicketStatus =
  | 'new'
  | 'pending_dispatch'
  | 'assigned'
  | 'accepted'
  | 'suspended'
  | 'replied'
  | 'pending_callback'
  | 'closed'
  | 'resolved_on_call'
  | 'invalid'
  | 'handed_over'
  | 'merged';

export type Urgency = 'critical' | 'urgent' | 'normal';
export type AppealType = 'consultation' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise';
export type Channel = 'phone' | 'web' | 'app' | 'wechat' | 'open311' | 'email';
export type PendingRequest = 'return' | 'extension' | 'suspension';
export type UnitKind = 'centre' | 'department' | 'township' | 'village' | 'grid_station';
export type AreaLevel = 'county' | 'township' | 'village' | 'grid';

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  unitPath: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Deadlines {
  acceptDueAt: string | null;
  firstContactDueAt: string | null;
  resolutionDueAt: string | null;
  callbackDueAt: string | null;
  nextDeadlineAt: string | null;
}

export interface Ticket {
  id: number;
  number: string;
  channel: Channel;
  sourceLine: string;
  caller: {
    name: string | null;
    phone: string | null;
    phoneMasked: boolean;
    confidential: boolean;
    withheld: boolean;
  };
  title: string | null;
  description: string;
  address: string | null;
  areaId: number | null;
  categoryId: number | null;
  appealType: AppealType | null;
  urgency: Urgency;
  status: TicketStatus;
  pendingRequest: PendingRequest | null;
  primaryUnitId: number | null;
  coHandlerUnitIds: number[];
  units: { unitId: number; role: 'primary' | 'co_handler'; part: string | null }[];
  masterTicketId: number | null;
  handOverTo: string | null;
  /** Filled by the classification pipeline when it lands; its shape is that work's to define. */
  classification: Record<string, unknown> | null;
  deadlines: Deadlines;
  dispatchedAt: string | null;
  acceptedAt: string | null;
  firstContactAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TicketEvent {
  seq: number;
  action: string;
  actorUserId: number | null;
  actorUnitId: number | null;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  reason: string | null;
  payload: Record<string, unknown> | null;
  at: string;
}

export interface TicketDetail extends Ticket {
  events: TicketEvent[];
  /** What this user may do now, computed by the server from its state machine. */
  allowedActions: string[];
  /** Present once, in the answer to reveal-phone. */
  revealedPhone?: string;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: number | null;
  areaId: number | null;
  path: string;
  active: boolean;
}

export interface Area {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentId: number | null;
  aliases: string[];
  path: string;
}

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: number | null;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

/** One realtime event from the /live namespace. */
export interface LiveEvent {
  seq: number;
  type: string;
  ticketId: number | null;
  at: string;
  data: Record<string, unknown>;
}
