import { QUESTION_REPLY_MAX } from '@hitos/domain';
import { Text } from '../../http/validation.decorators';

export class HideQuestionRequestDto {
  @Text(QUESTION_REPLY_MAX, { example: 'Publicidad no relacionada con el compromiso.' })
  reason!: string;
}
