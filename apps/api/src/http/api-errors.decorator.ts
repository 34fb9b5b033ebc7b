import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiPreconditionFailedResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'milestones[0].due' }) field!: string;
  @ApiProperty({ example: ['due must be a calendar date YYYY-MM-DD'] }) messages!: string[];
}

class MessagesDto {
  @ApiProperty({ example: 'La solicitud tiene campos no válidos: due.' }) es!: string;
  @ApiProperty({ example: 'The request has invalid fields: due.' }) en!: string;
}

/** RFC 9457 problem details as hitos sends them (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'https://hitos.dev/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable code to branch on' })
  code!: string;
  @ApiProperty({
    description: "Message in the reader's language (Accept-Language; Spanish by default)",
  })
  detail!: string;
  @ApiProperty({ type: MessagesDto }) messages!: MessagesDto;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'Facts of a broken rule (ids, dates, limits)' })
  details?: Record<string, unknown>;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
});

/** The answers every command can give besides its own rule violations. */
export function ApiCommandErrors() {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Repeat a request safely: the same key (per user) records the command once and answers the first result again',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag (W/"<revision>") you decided on; 412 if the resource changed since. Without it, conflicts are retried.',
    }),
    ApiBadRequestResponse(
      problem(
        'VALIDATION_FAILED (naming each field), MALFORMED_JSON, INVALID_IF_MATCH, INVALID_IDEMPOTENCY_KEY',
      ),
    ),
    ApiNotFoundResponse(problem('The resource, or one it refers to, does not exist')),
    ApiPreconditionFailedResponse(problem('STALE_REVISION: If-Match named an older revision')),
    ApiUnprocessableEntityResponse(
      problem('A value breaks a domain rule (e.g. dates outside the period)'),
    ),
  );
}
