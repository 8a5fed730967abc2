import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { LiveEventsRepository } from './live-events.repository';
import { LiveHub } from './live-hub.service';
import { RealtimeAdmission } from './realtime-admission';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime.publisher';
import { ReplayService } from './replay.service';

/**
 * Live status to the consoles (socket.io namespace `/live`). The publisher runs wherever the outbox
 * relay runs; the gateway and its hub only where there is an HTTP server (api and all roles).
 */
@Module({
  imports: [OrgModule],
  providers: [LiveEventsRepository, LiveHub, RealtimeAdmission, RealtimeGateway, RealtimePublisher, ReplayService],
  exports: [RealtimePublisher],
})
export class RealtimeModule {}
