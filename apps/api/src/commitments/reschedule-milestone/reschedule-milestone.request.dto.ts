import { DateField, Id, Nested, Text } from '../../http/validation.decorators';

export class ConcurrenceDto {
  @Id({ example: 'gn-sociedad-civil', description: 'A member of the plan’s Core Group' })
  coreGroupMemberId!: string;
  @Text(200, { example: 'Acta de reunión del Grupo Núcleo No. GN-2026-04' }) reference!: string;
  @DateField({ example: '2026-06-10' }) concurredOn!: string;
}

export class RescheduleMilestoneRequestDto {
  @DateField({ example: '2026-02-01' }) start!: string;
  @DateField({ example: '2026-09-30' }) due!: string;
  @Text(2000, {
    example: 'El levantamiento de información en territorio requiere un trimestre adicional.',
  })
  justification!: string;
  @Nested(() => ConcurrenceDto)
  concurrence!: ConcurrenceDto;
}
