import { Body, Controller, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { Call } from './call.entity';
import { CallsService } from './calls.service';
import { CtiReplayMemory, CtiRequest, CtiSignatureGuard } from './cti-signature.guard';
import { CtiCallDto } from './dto/cti-call.dto';

const SIGNATURE_SCHEME = `Signed by the telephony (CTI) system with the shared secret CTI_SECRET; no bearer token.

- \`X-CTI-Timestamp\`: the signing time in unix seconds.
- \`X-CTI-Signature\`: \`sha256=\` followed by the lower-case hex HMAC-SHA256, keyed with CTI_SECRET, of the
  ASCII timestamp, a full stop, and the raw request body bytes exactly as sent: \`HMAC(secret, \${timestamp}.\${rawBody})\`.

Refusals: a missing header → 401 CTI_SIGNATURE_MISSING; a malformed or wrong signature → 401 CTI_SIGNATURE_INVALID;
a timestamp over 5 minutes old or over 1 minute ahead → 401 CTI_TIMESTAMP_STALE; the same signature again within
10 minutes → 409 CTI_REPLAY (a retry must be signed anew, with a new timestamp).

The CTI sends the whole call at each step (ringing → answered → ended), and may re-send: the call is kept once
per callId, the first delivery answers 201 and every later one 200 with the same row. Fields already filled are
never emptied. A delivery whose sourceLine, callerPhone or ringAt disagree with the stored call → 409
CTI_CALL_MISMATCH; instants out of order → 400 CALL_TIMES_OUT_OF_ORDER.`;

@ApiTags('cti')
@Controller('cti/calls')
export class CtiWebhookController {
  constructor(
    private readonly calls: CallsService,
    private readonly replay: CtiReplayMemory,
  ) {}

  // Scheme (see SIGNATURE_SCHEME): X-CTI-Signature = 'sha256=' + hex(HMAC-SHA256(CTI_SECRET, `${X-CTI-Timestamp}.${rawBody}`)).
  // @Public() only lifts the JWT requirement: CtiSignatureGuard is what admits a delivery.
  @Public()
  @UseGuards(CtiSignatureGuard)
  @Post()
  @ApiOperation({ summary: 'Record a consolidated hotline call (telephony webhook)', description: SIGNATURE_SCHEME })
  @ApiHeader({ name: 'X-CTI-Timestamp', required: true, description: 'Unix seconds' })
  @ApiHeader({ name: 'X-CTI-Signature', required: true, description: 'sha256=<hex HMAC of `${timestamp}.${rawBody}`>' })
  @ApiResponse({ status: 201, description: 'The first delivery of this call: the new row' })
  @ApiResponse({ status: 200, description: 'A later or repeated delivery: the updated row' })
  async receive(
    @Body() dto: CtiCallDto,
    @Req() request: CtiRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Call> {
    try {
      const { call, created } = await this.calls.record(dto);
      response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
      return call;
    } catch (error) {
      // a refusal stands for the same bytes; our own failure (database down) must not turn the CTI's retry into a replay
      if (!(error instanceof DomainError)) await this.replay.release(request.ctiReplayKey);
      throw error;
    }
  }
}
