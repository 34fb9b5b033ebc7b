import { DateField, OptionalId, Text } from '../../http/validation.decorators';

export class IssueAccessTokenRequestDto {
  @Text(200, { example: 'Sistema de gestión documental del MDT' })
  label!: string;

  @DateField({
    description: 'The last day the token works, inclusive (at most a year from today)',
    example: '2027-06-30',
  })
  expiresOn!: string;

  @OptionalId({
    description: 'The grant the token acts under; default: the one the session acts under',
    example: 'demo-mdt-institution',
  })
  grantId?: string;

  @OptionalId({ description: 'Default: made by the server', example: 'token-1' })
  tokenId?: string;
}

export class RevokeAccessTokenRequestDto {
  @Text(2000, { example: 'La integración se retiró.' })
  reason!: string;
}
