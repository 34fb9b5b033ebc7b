import { DateField, Nested, Text } from '../../http/validation.decorators';
import { SignatoryDto } from '../shared.request.dto';

/** The party signing follows from the token: an institution or a counterpart. */
export class SignActaRequestDto {
  @Text(64, { example: 'MDT-CDC-2026-001' }) actaNumber!: string;
  @DateField({ example: '2026-01-28' }) signedOn!: string;
  @Text(200, { example: 'Distrito Metropolitano de Quito' }) place!: string;
  @Nested(() => SignatoryDto)
  signatory!: SignatoryDto;
}
