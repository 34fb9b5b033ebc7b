import { Id, Nested, Text } from '../../http/validation.decorators';
import { Email } from '../shared.request.dto';

/** The official of the receiving institution who will administer the acta (acta §4.1 e). */
export class ReceivingAdministratorDto {
  @Text(200, { example: 'María Fernanda Ortiz' }) name!: string;
  @Text(300, { example: 'Directora de Innovación y Mejora de Servicios' }) position!: string;
  @Text(300, { example: 'Dirección de Innovación y Mejora de Servicios' }) unit!: string;
  @Email({ example: 'innovacion@sercop.gob.ec' }) email!: string;
}

/**
 * The Presidency moves the commitment to the competent institution (acta §4.1: "trasladar el
 * compromiso … a la institución pública competente … mediante un proceso formal de
 * transferencia de información"); the Core Group must have concurred with this very transfer.
 */
export class TransferCommitmentRequestDto {
  @Id({ example: 'sercop', description: 'The receiving institution; it must be active' })
  toInstitutionId!: string;
  @Text(300, { example: 'Dirección de Innovación y Mejora de Servicios' }) receivingUnit!: string;
  // ValidateNested alone lets a missing object through.
  @Nested(() => ReceivingAdministratorDto)
  administrator!: ReceivingAdministratorDto;
  @Text(2000, {
    example:
      'El decreto de rediseño asigna la competencia sobre la calidad de los servicios públicos a la institución receptora.',
  })
  reason!: string;
}
