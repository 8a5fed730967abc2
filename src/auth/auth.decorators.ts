import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../org/user.entity';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** The route needs no token (login, health, CTI webhook with its own signature). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Any one of these roles may call the route. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

export interface AuthedRequest extends Request {
  user?: AuthUser;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});

/** The request id that the logger put on the request, for the audit trail. */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => {
  const id: unknown = (ctx.switchToHttp().getRequest<AuthedRequest>() as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
});
