import { Global, Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { CalendarOverridesController } from './calendar-overrides.controller';
import { CalendarOverridesService } from './calendar-overrides.service';
import { CalendarService } from './calendar.service';
import { CalendarYearsController } from './calendar-years.controller';
import { CalendarYearsService } from './calendar-years.service';
import { Clock } from './clock';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaService } from './sla.service';

/**
 * The working calendar, the SLA policies and the deadline rules of ticket actions. Global, like
 * config: the tickets module computes deadlines with it and the health check reads the calendar's
 * coverage. It imports the catalog (the category tree) and nothing of tickets; the timers that act on tickets live in SlaTimersModule.
 */
@Global()
@Module({
  imports: [CatalogModule],
  controllers: [CalendarOverridesController, CalendarYearsController, SlaPoliciesController],
  providers: [Clock, CalendarService, CalendarOverridesService, CalendarYearsService, SlaPoliciesService, SlaService],
  exports: [Clock, CalendarService, SlaPoliciesService, SlaService],
})
export class SlaModule {}
