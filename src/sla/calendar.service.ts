import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadWorkingCalendar } from './calendar-loader';
import { CalendarHealth, calendarHealth } from './calendar-health';
import { Clock } from './clock';
import { CacheInvalidationService } from '../redis/cache-invalidation.service';
import { WorkingCalendar } from './working-calendar';

/** A missed pub/sub message (Redis down at the time) is made good within this. */
const RELOAD_EVERY_MS = 60_000;

/**
 * The one WorkingCalendar of this process: the statutory calendar (chinese-days, and the holiday
 * notices an admin entered for years it lacks) with the admin's overrides, rebuilt when either
 * changes (pub/sub from whatever process made the change) and every minute. Callers take `current`
 * for each computation and never keep it.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarService.name);
  private calendar = new WorkingCalendar();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reloads: CacheInvalidationService,
    private readonly clock: Clock,
  ) {}

  get current(): WorkingCalendar {
    return this.calendar;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.reloads.on('calendar', () => void this.reloadQuietly());
    this.timer = setInterval(() => void this.reloadQuietly(), RELOAD_EVERY_MS);
    this.timer.unref();
  }

  /** Says it loudly at every start while a year the deadlines may reach is not covered. */
  onApplicationBootstrap(): void {
    const health = this.health();
    const text = health.message ?? health.warning;
    if (health.uncoveredYears.length > 0 && text) this.logger.warn({ uncoveredYears: health.uncoveredYears }, text);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  health(): CalendarHealth {
    return calendarHealth(this.calendar, this.clock.now());
  }

  /**
   * After an admin's change: this process reloads before answering, so the admin's next request
   * already sees it, and the others on the pub/sub message (or within a minute, if it is lost).
   */
  async reloadEverywhere(): Promise<void> {
    await this.reload();
    await this.reloads.publish('calendar');
  }

  async reload(): Promise<void> {
    this.calendar = await loadWorkingCalendar(this.dataSource, (year, error) =>
      this.logger.error(`The ${year} holiday notice in calendar_years is not valid, ignored: ${error.message}`),
    );
  }

  private async reloadQuietly(): Promise<void> {
    try {
      await this.reload();
    } catch (error) {
      this.logger.warn(`Calendar reload failed, keeping the previous one: ${(error as Error).message}`);
    }
  }
}
