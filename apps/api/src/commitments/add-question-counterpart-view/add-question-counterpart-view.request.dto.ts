import { QUESTION_REPLY_MAX } from '@hitos/domain';
import { Text } from '../../http/validation.decorators';

export class AddQuestionCounterpartViewRequestDto {
  @Text(QUESTION_REPLY_MAX, { example: 'La fecha coincide con lo acordado en la mesa técnica.' })
  view!: string;
}
