import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsString, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { TRANSFER_DECISIONS, type TransferDecision } from '@hitos/domain';
import { ID_PATTERN } from '../../http/resource-id';
import { OneOf, Text } from '../../http/validation.decorators';

type Doc = Omit<ApiPropertyOptions, 'type' | 'required'>;

/**
 * A field that belongs to a transfer only: required when `decision` is `transfer`, refused when
 * it is `maintain` (so that a keep never silently drops a receiving institution). Put it first,
 * under the field's own validators, which then run only when the field is sent or required.
 */
export function TransferOnly() {
  return applyDecorators(
    ValidateIf(
      (o: { decision?: unknown }, value: unknown) => o.decision === 'transfer' || value != null,
    ),
    ValidateBy({
      name: 'transferOnly',
      validator: {
        validate: (value, args) => {
          const decision = (args?.object as { decision?: unknown }).decision;
          if (decision === 'transfer') return value != null;
          if (decision === 'maintain') return value == null;
          return true;
        },
        defaultMessage: (args) =>
          (args?.object as { decision?: unknown }).decision === 'maintain'
            ? `${args?.property} is only sent with decision "transfer"`
            : `${args?.property} is required with decision "transfer"`,
      },
    }),
  );
}

/** The receiving institution, with a transfer only. */
export function ReceivingInstitutionId(doc: Doc = {}) {
  return applyDecorators(
    TransferOnly(),
    IsString(),
    Matches(ID_PATTERN, { message: '$property must be 1-64 letters, digits, "_" or "-"' }),
    ApiPropertyOptional({
      pattern: ID_PATTERN.source,
      example: 'sercop',
      description: 'The receiving institution: required for "transfer", absent for "maintain"',
      ...doc,
    } as ApiPropertyOptions),
  );
}

/** The Core Group's concurrence with keeping or transferring a commitment (acta §4.1). */
export class ConcurTransferDecisionRequestDto {
  @OneOf(TRANSFER_DECISIONS, {
    example: 'transfer',
    description: 'Keep the commitment with its institution, or transfer it to the competent one',
  })
  decision!: TransferDecision;
  @ReceivingInstitutionId() toInstitutionId?: string;
  @Text(200, { example: 'Acta de reunión del Grupo Núcleo No. GN-2026-07' }) reference!: string;
}
