import { Text } from '../../http/validation.decorators';

export class AnswerObjectionRequestDto {
  @Text(4000, {
    example: 'Se adjunta la metodología aplicada en la encuesta de satisfacción.',
  })
  answer!: string;
}
