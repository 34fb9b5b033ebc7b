import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';
import { REDESIGN_KINDS } from '@hitos/domain';
import { ID_PATTERN } from '../../http/resource-id';
import { DateField, OneOf, OptionalText, Text } from '../../http/validation.decorators';

export class RecordInstitutionalRedesignRequestDto {
  @OneOf(REDESIGN_KINDS, { example: 'merged' }) kind!: (typeof REDESIGN_KINDS)[number];
  @Text(300, { example: 'Decreto Ejecutivo No. 123' }) legalInstrument!: string;
  @DateField({ example: '2026-09-01' }) effectiveOn!: string;
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ID_PATTERN, { each: true, message: 'each of $property must be a valid id' })
  @ApiProperty({
    type: [String],
    example: ['mdt'],
    description: 'Institutions that take over its competences; empty for a renaming',
  })
  successorIds!: string[];
  @OptionalText(300, {
    example: 'Ministerio del Trabajo y Empleo',
    description: 'Only for renamed',
  })
  newName?: string;
}
