import { Injectable } from '@nestjs/common';

/**
 * "Now" for the SLA: every deadline, dispatch instant and timer delay reads it here, so an e2e test
 * can dispatch "at" a chosen instant (jest.spyOn(app.get(Clock), 'now')) without faking timers
 * globally, which would also stop the database driver and BullMQ.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
