import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import type { Role } from '../org/user.entity';
import { AuthedRequest, IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { hasRole } from './auth-user';
import { AuthService } from './auth.service';

/** Global guard: every HTTP route needs a valid bearer token unless marked @Public(), and the roles of @Roles(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new DomainError('AUTH_REQUIRED', 'unauthorized', 'Log in and send the token as Authorization: Bearer');
    request.user = await this.auth.verifyToken(match[1]);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasRole(request.user, ...roles)) {
      throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
