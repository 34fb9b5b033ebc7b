import { Text } from '../../http/validation.decorators';

/** The Presidency keeps the commitment with its institution, which survived the redesign. */
export class MaintainCommitmentRequestDto {
  @Text(2000, {
    example:
      'El Ministerio del Trabajo conserva la competencia sobre la calidad de los servicios públicos tras el rediseño.',
  })
  reason!: string;
}
