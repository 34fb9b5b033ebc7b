import type { Classification } from '@hitos/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { OptionalClassification, OptionalId, Text } from '../../http/validation.decorators';
import { EvidenceDto } from '../shared.request.dto';

export class ReportMilestoneProgressRequestDto {
  @OptionalId({
    description: 'Chosen by the client, or made by the server',
    example: 'h1-informe-1',
  })
  reportId?: string;
  @IsInt()
  @Min(0)
  @Max(100)
  @ApiProperty({ minimum: 0, maximum: 100, example: 60, description: 'Claimed completion' })
  percent!: number;
  @Text(4000, {
    example: 'Se levantó la línea base de satisfacción en 20 servicios priorizados.',
  })
  narrative!: string;
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  @ApiProperty({ type: [EvidenceDto], description: 'Required (non-empty) at 100%' })
  evidence!: EvidenceDto[];
  @OptionalClassification(
    'Of the narrative (each evidence item has its own): public, reserved or confidential. Absent, the strictest of the evidence items (public with none).',
  )
  classification?: Classification;
}
