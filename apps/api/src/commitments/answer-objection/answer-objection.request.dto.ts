import type { Classification } from '@hitos/domain';
import { OptionalClassification, Text } from '../../http/validation.decorators';

export class AnswerObjectionRequestDto {
  @Text(4000, {
    example: 'Se adjunta la metodología aplicada en la encuesta de satisfacción.',
  })
  answer!: string;
  @OptionalClassification(
    'Of the answer: public, reserved or confidential. Absent, it inherits the report’s.',
  )
  classification?: Classification;
}
