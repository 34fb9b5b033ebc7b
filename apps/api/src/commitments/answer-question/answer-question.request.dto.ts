import { QUESTION_REPLY_MAX } from '@hitos/domain';
import { Text } from '../../http/validation.decorators';

export class AnswerQuestionRequestDto {
  @Text(QUESTION_REPLY_MAX, {
    example: 'Los resultados se publicarán en julio en el portal del ministerio.',
  })
  answer!: string;
}
