import { Global, Module } from '@nestjs/common';
import { OutboxDispatcher } from './outbox.dispatcher';
import { OutboxNotifier } from './outbox.notifier';
import { OutboxRelay } from './outbox.relay';

@Global()
@Module({
  providers: [OutboxDispatcher, OutboxRelay, OutboxNotifier],
  exports: [OutboxDispatcher, OutboxNotifier, OutboxRelay],
})
export class OutboxModule {}
