import { GOVERNMENT_LEVELS, STATE_FUNCTIONS } from '@hitos/domain';
import { OneOf, OptionalId, Text } from '../../http/validation.decorators';

export class RegisterInstitutionRequestDto {
  @OptionalId({ description: 'Chosen by the client, or made by the server', example: 'mdt' })
  institutionId?: string;
  @Text(300, { example: 'Ministerio del Trabajo' }) name!: string;
  @Text(32, { example: 'MDT' }) acronym!: string;
  @OneOf(STATE_FUNCTIONS, { example: 'executive' })
  stateFunction!: (typeof STATE_FUNCTIONS)[number];
  @OneOf(GOVERNMENT_LEVELS, { example: 'national' })
  governmentLevel!: (typeof GOVERNMENT_LEVELS)[number];
}
