import type { Classification } from '@hitos/domain';
import { REVIEW_VERDICTS } from '@hitos/domain';
import { OneOf, OptionalClassification, OptionalText } from '../../http/validation.decorators';

export class ReviewProgressReportRequestDto {
  @OneOf(REVIEW_VERDICTS, { example: 'objected' }) verdict!: (typeof REVIEW_VERDICTS)[number];
  @OptionalText(4000, {
    example: 'El informe no incluye la metodología de la encuesta de satisfacción.',
    description: 'Required when objecting',
  })
  reasons?: string;
  @OptionalClassification(
    'Of the reasons: public, reserved or confidential. Absent, they inherit the report’s.',
  )
  classification?: Classification;
}
