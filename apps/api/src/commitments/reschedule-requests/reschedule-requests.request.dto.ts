import { DateField, OptionalId, OptionalText, Text } from '../../http/validation.decorators';

export class RequestMilestoneRescheduleRequestDto {
  @OptionalId({
    description: 'Chosen by the client, or made by the server',
    example: 'h2-reprogramacion-1',
  })
  requestId?: string;
  @DateField({ example: '2026-02-01' }) start!: string;
  @DateField({ example: '2026-09-30' }) due!: string;
  @Text(2000, {
    example: 'El levantamiento de información en territorio requiere un trimestre adicional.',
  })
  justification!: string;
}

export class ConcurMilestoneRescheduleRequestDto {
  @OptionalText(200, {
    description: 'Where the Core Group agreed, if it met on it (e.g. the minutes’ number)',
    example: 'Acta de reunión del Grupo Núcleo No. GN-2026-04',
  })
  reference?: string;
}

export class DeclineMilestoneRescheduleRequestDto {
  @Text(2000, {
    example: 'El cronograma propuesto deja sin tiempo la validación con la ciudadanía.',
  })
  reasons!: string;
}

export class WithdrawMilestoneRescheduleRequestDto {
  @Text(2000, { example: 'Se pedirá una fecha distinta tras la reunión con el Grupo Núcleo.' })
  reason!: string;
}
