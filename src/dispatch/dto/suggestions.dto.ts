import { PickType } from '@nestjs/swagger';
import { CreateTicketDto } from '../../tickets/dto/create-ticket.dto';

/** What the agent has typed so far in the new-ticket form: the same fields, the same rules. */
export class IntakeSuggestionsDto extends PickType(CreateTicketDto, [
  'description',
  'title',
  'address',
  'callerPhone',
  'areaId',
  'categoryId',
] as const) {}
