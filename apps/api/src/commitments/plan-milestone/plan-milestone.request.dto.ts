import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { DateField, OptionalId, Text } from '../../http/validation.decorators';

export class PlanMilestoneRequestDto {
  @OptionalId({ description: 'Chosen by the client, or made by the server', example: 'h1' })
  milestoneId?: string;
  @Text(1000, { example: 'Diagnóstico de la calidad de los servicios públicos priorizados' })
  deliverable!: string;
  @IsInt()
  @Min(1)
  @Max(100)
  @ApiProperty({
    minimum: 1,
    maximum: 100,
    example: 30,
    description: 'Share of the commitment; all milestones add up to at most 100',
  })
  weight!: number;
  @DateField({ example: '2026-02-01' }) start!: string;
  @DateField({ example: '2026-06-30' }) due!: string;
}
