import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { GRANTABLE_ROLES, type GrantableRole } from '@hitos/domain';
import { IsIsoDate, OneOf, OptionalId, Text } from '../../http/validation.decorators';

export class GrantRoleRequestDto {
  @OptionalId({
    description:
      'Chosen by the client, or made by the server (then derived from the Idempotency-Key when one is sent)',
    example: 'mdt-directora-2026',
  })
  grantId?: string;

  @OneOf(GRANTABLE_ROLES, { example: 'institution' })
  role!: GrantableRole;

  @OptionalId({
    description:
      'Required for institution (an institution id) and counterpart (an organization id); refused for the other roles',
    example: 'mdt',
  })
  organizationId?: string;

  @OptionalId({
    description:
      'Required for core-group: the plan of the Core Group seat; refused for the other roles',
    example: 'ec-paea-2026-2027',
  })
  planId?: string;

  @Text(2000, {
    example:
      'Designada Directora de Mejora Continua e Innovación del Servicio Público (acción de personal MDT-2026-0142).',
  })
  reason!: string;

  @IsOptional()
  @IsIsoDate()
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description:
      'The last day the grant is valid, inclusive (plan calendar); absent: until revoked',
    example: '2027-12-31',
  })
  validUntil?: string;
}
