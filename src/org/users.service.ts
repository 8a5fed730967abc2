import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import { decodeIdCursor, Page, pageOf } from '../common/pagination';
import { escapeLike } from './areas.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { Unit } from './unit.entity';
import { Role, User } from './user.entity';

const notFound = (id: number): DomainError => DomainError.notFound('USER_NOT_FOUND', `No user with id ${id}`);

/** The user as the API shows it: never the hash, never the lock counters. */
export type UserView = Pick<
  User,
  'id' | 'username' | 'displayName' | 'roles' | 'unitId' | 'active' | 'lastLoginAt' | 'createdAt'
>;

export function toUserView(user: User): UserView {
  const { id, username, displayName, roles, unitId, active, lastLoginAt, createdAt } = user;
  return { id, username, displayName, roles, unitId, active, lastLoginAt, createdAt };
}

/** A change after which the user's open sessions must end: they would go on with what the user no longer has. */
export function endsSessions(before: UserView, after: UserView, passwordChanged: boolean): boolean {
  return (
    passwordChanged ||
    (before.active && !after.active) ||
    before.unitId !== after.unitId ||
    [...before.roles].sort().join() !== [...after.roles].sort().join()
  );
}

@Injectable()
export class UsersService {
  private readonly sessionEnders: ((userId: number) => void)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListUsersQuery): Promise<Page<UserView>> {
    const limit = query.limit ?? 50;
    const after = decodeIdCursor(query.cursor);
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('u.id > :after', { after });
    if (query.role) qb.andWhere('FIND_IN_SET(:role, u.roles) > 0', { role: query.role });
    if (query.unitId) qb.andWhere('u.unit_id = :unitId', { unitId: query.unitId });
    if (query.q) qb.andWhere('(u.username LIKE :q OR u.display_name LIKE :q)', { q: `%${escapeLike(query.q)}%` });
    const page = pageOf(await qb.getMany(), limit);
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  async get(id: number): Promise<UserView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound(id);
    return toUserView(user);
  }

  async create(dto: CreateUserDto, actor: Actor): Promise<UserView> {
    const passwordHash = await argon2.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      await this.checkUnit(manager, dto.roles, dto.unitId ?? null);
      try {
        const inserted = await manager.insert(User, {
          username: dto.username,
          displayName: dto.displayName,
          passwordHash,
          roles: dto.roles,
          unitId: dto.unitId ?? null,
          active: true,
        });
        const user = await manager.findOneByOrFail(User, { id: Number(inserted.identifiers[0]?.id) });
        await this.audit.record(manager, {
          actorUserId: actor.userId,
          requestId: actor.requestId,
          action: 'create',
          entityType: 'user',
          entityId: user.id,
          after: toUserView(user),
        });
        return toUserView(user);
      } catch (error) {
        if (isDuplicateKeyError(error))
          throw DomainError.conflict('USERNAME_TAKEN', `The username ${dto.username} is taken`);
        throw error;
      }
    });
  }

  /**
   * Called after a committed change that ends the user's sessions (deactivated, moved to another unit,
   * other roles, a new password): the realtime gateway closes their live consoles on every api process.
   * A REST token of such a user is refused within the auth cache's few seconds.
   */
  onSessionsEnded(listener: (userId: number) => void): void {
    this.sessionEnders.push(listener);
  }

  async update(id: number, dto: UpdateUserDto, actor: Actor): Promise<UserView> {
    const passwordHash = dto.password ? await argon2.hash(dto.password) : undefined;
    const { before, after } = await this.dataSource.transaction(async (manager) => {
      const before = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound(id);
      const roles = dto.roles ?? before.roles;
      const unitId = dto.unitId !== undefined ? dto.unitId : before.unitId;
      await this.checkUnit(manager, roles, unitId);
      const changes: Partial<User> = { roles, unitId };
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (dto.active !== undefined) changes.active = dto.active;
      if (passwordHash) Object.assign(changes, { passwordHash, failedLogins: 0, lockedUntil: null });
      await manager.update(User, { id }, changes);
      const after = await manager.findOneByOrFail(User, { id });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        requestId: actor.requestId,
        action: 'update',
        entityType: 'user',
        entityId: id,
        before: toUserView(before),
        after: { ...toUserView(after), ...(passwordHash ? { passwordChanged: true } : {}) },
      });
      return { before: toUserView(before), after: toUserView(after) };
    });
    if (endsSessions(before, after, passwordHash !== undefined)) for (const end of this.sessionEnders) end(id);
    return after;
  }

  private async checkUnit(manager: EntityManager, roles: Role[], unitId: number | null): Promise<void> {
    if (unitId === null) {
      if (roles.includes('clerk'))
        throw DomainError.invalidInput('CLERK_REQUIRES_UNIT', 'A clerk must belong to a unit');
      return;
    }
    const unit = await manager.findOneBy(Unit, { id: unitId });
    if (!unit) throw DomainError.invalidInput('UNIT_NOT_FOUND', `No unit with id ${unitId}`);
  }
}
