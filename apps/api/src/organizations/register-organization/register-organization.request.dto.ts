import { ORGANIZATION_SECTORS } from '@hitos/domain';
import { OneOf, OptionalId, OptionalNested, Text } from '../../http/validation.decorators';

export class RepresentativeDto {
  @Text(200, { example: 'Carlos Vinueza' }) name!: string;
  @Text(300, { example: 'Director Ejecutivo' }) position!: string;
}

export class RegisterOrganizationRequestDto {
  @OptionalId({
    description: 'Chosen by the client, or made by the server',
    example: 'fundacion-alianza-estrategica',
  })
  organizationId?: string;
  @Text(300, { example: 'Fundación Alianza Estratégica' }) name!: string;
  @OneOf(ORGANIZATION_SECTORS, { example: 'civil-society' })
  sector!: (typeof ORGANIZATION_SECTORS)[number];
  @OptionalNested(() => RepresentativeDto, { description: 'Who signs actas for it' })
  representative?: RepresentativeDto;
}
