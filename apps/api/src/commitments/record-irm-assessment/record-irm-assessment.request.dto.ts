import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IRM_COMPLETION, IRM_EARLY_RESULTS, IRM_POTENTIAL, IRM_STAGES } from '@hitos/domain';
import { OneOf, OptionalId, Text } from '../../http/validation.decorators';
import { OptionalOneOf } from '../shared.request.dto';

/** The IRM's independent assessment; completion and early results at the results stage. */
export class RecordIrmAssessmentRequestDto {
  @OptionalId({
    description: 'Chosen by the client, or made by the server',
    example: 'irm-resultados-2028',
  })
  assessmentId?: string;
  @OneOf(IRM_STAGES, { example: 'results' }) stage!: (typeof IRM_STAGES)[number];
  @IsBoolean() @ApiProperty({ example: true }) verifiable!: boolean;
  @IsBoolean() @ApiProperty({ example: true }) relevantToOgpValues!: boolean;
  @OneOf(IRM_POTENTIAL, { example: 'substantial' })
  potentialForResults!: (typeof IRM_POTENTIAL)[number];
  @OptionalOneOf(IRM_COMPLETION, { example: 'complete' })
  completion?: (typeof IRM_COMPLETION)[number];
  @OptionalOneOf(IRM_EARLY_RESULTS, { example: 'moderate' })
  earlyResults?: (typeof IRM_EARLY_RESULTS)[number];
  @Text(8000, {
    example: 'El compromiso abrió la medición de calidad de los servicios a la ciudadanía.',
  })
  narrative!: string;
}
