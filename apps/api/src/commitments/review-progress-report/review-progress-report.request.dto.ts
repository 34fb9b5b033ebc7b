import { REVIEW_VERDICTS } from '@hitos/domain';
import { OneOf, OptionalText } from '../../http/validation.decorators';

export class ReviewProgressReportRequestDto {
  @OneOf(REVIEW_VERDICTS, { example: 'objected' }) verdict!: (typeof REVIEW_VERDICTS)[number];
  @OptionalText(4000, {
    example: 'El informe no incluye la metodología de la encuesta de satisfacción.',
    description: 'Required when objecting',
  })
  reasons?: string;
}
