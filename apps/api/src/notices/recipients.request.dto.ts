import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { RECIPIENT_ROLES, type RecipientRole } from '@hitos/notices';
import { OneOf, OptionalId } from '../http/validation.decorators';

export class RegisterRecipientRequestDto {
  @OneOf(RECIPIENT_ROLES, {
    example: 'institution',
    description: 'The role the notices are for; a person registers for the role they act in',
  })
  role!: RecipientRole;

  @OptionalId({
    description:
      'institution and counterpart: the organization (default: the one the actor speaks for)',
    example: 'mdt',
  })
  organizationId?: string;

  @OptionalId({
    description: 'core-group: the plan (default: the plan of the actor’s Core Group seat)',
    example: 'ec-paea-2026-2027',
  })
  planId?: string;

  @OneOf(['email', 'webhook'], { example: 'email' })
  channel!: 'email' | 'webhook';

  @IsOptional()
  @IsEmail({}, { message: 'address must be an e-mail address' })
  @MaxLength(254)
  @ApiPropertyOptional({
    description: 'channel email: the address',
    example: 'mejora.continua@trabajo.gob.ec',
  })
  address?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @ApiPropertyOptional({
    description: 'channel webhook: the endpoint (https:// in production)',
    example: 'https://avisos.trabajo.gob.ec/hitos',
  })
  url?: string;

  @IsOptional()
  @IsIn(['es', 'en'])
  @ApiPropertyOptional({
    enum: ['es', 'en'],
    description: 'Preferred language (messages carry both)',
  })
  language?: 'es' | 'en';

  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({
    description: 'core-group only: one message a week (what changed) instead of one per fact',
  })
  digest?: boolean;
}

/** Removing a recipient takes nothing but its id, in the path. */
export class RemoveRecipientRequestDto {}
