import { Module } from '@nestjs/common';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { CtiReplayMemory, CtiSignatureGuard } from './cti-signature.guard';
import { CtiWebhookController } from './cti-webhook.controller';

/** Consolidated hotline calls: the CTI webhook, the call list, and the link from a call to its ticket. */
@Module({
  controllers: [CtiWebhookController, CallsController],
  providers: [CallsService, CtiReplayMemory, CtiSignatureGuard],
  exports: [CallsService],
})
export class CallsModule {}
