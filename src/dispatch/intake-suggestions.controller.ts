import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ClassificationService } from '../classification/classification.service';
import { DomainError } from '../common/domain-error';
import { ResponsibilityService } from '../responsibility/responsibility.service';
import { DuplicatesService } from './duplicates.service';
import { IntakeSuggestionsDto } from './dto/suggestions.dto';

/**
 * Live help for the agent's new-ticket form, before anything is saved: the classifier's guesses
 * with their confidence, the unit the responsibility lists name, likely duplicates, and the
 * emergency hand-over hint.
 */
@ApiTags('tickets')
@ApiBearerAuth()
@Roles('agent', 'dispatcher')
@Controller('intake')
export class IntakeSuggestionsController {
  constructor(
    private readonly classification: ClassificationService,
    private readonly responsibility: ResponsibilityService,
    private readonly duplicates: DuplicatesService,
  ) {}

  @Post('suggestions')
  @HttpCode(200)
  async suggest(@Body() dto: IntakeSuggestionsDto) {
    const text = [dto.title, dto.description, dto.address].filter(Boolean).join('\n');
    const classification = await this.classification.classify(text);
    const categoryId = dto.categoryId ?? classification.category.categoryId;
    const areaId = dto.areaId ?? classification.place?.areaId ?? null;
    const responsibility =
      categoryId && areaId
        ? await this.responsibility.resolve({ categoryId, areaId }).catch((error: unknown) => {
            if (error instanceof DomainError && error.kind === 'not_found') return null;
            throw error;
          })
        : null;
    const duplicates = await this.duplicates.find({
      callerPhone: dto.callerPhone ?? null,
      areaId,
      categoryId,
      text,
      at: new Date(),
    });
    return {
      classification,
      responsibility: responsibility && {
        unit: responsibility.unit,
        coHandlers: responsibility.coHandlers,
        rule: responsibility.rule,
        conflict: responsibility.conflict,
        explanation: responsibility.explanation,
      },
      duplicates,
      emergency: classification.emergency,
    };
  }
}
