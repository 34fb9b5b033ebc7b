import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { ASKER_NAME_MAX, QUESTION_TEXT_LENGTH } from '@hitos/domain';

export class AskQuestionRequestDto {
  @IsString()
  @MinLength(QUESTION_TEXT_LENGTH.min)
  @MaxLength(QUESTION_TEXT_LENGTH.max)
  @ApiProperty({
    minLength: QUESTION_TEXT_LENGTH.min,
    maxLength: QUESTION_TEXT_LENGTH.max,
    example: '¿Cuándo se publicarán los resultados de la encuesta de satisfacción?',
  })
  text!: string;

  @IsOptional()
  @IsString()
  @MaxLength(ASKER_NAME_MAX)
  @ApiPropertyOptional({
    maxLength: ASKER_NAME_MAX,
    example: 'María Pérez',
    description: 'Optional; shown beside the question.',
  })
  name?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  @ApiPropertyOptional({
    example: 'maria@example.org',
    description:
      'Optional; to be told of the answer. Never shown, never in the events, the open data or any feed; erasable.',
  })
  email?: string;
}

/** What asking answers: the command's response and the new question's id. */
export class AskQuestionResponseDto {
  @ApiProperty({ example: '2b0c0f7e-2d1e-4a57-9a57-1f5f1c0c2a10' }) questionId!: string;
}
