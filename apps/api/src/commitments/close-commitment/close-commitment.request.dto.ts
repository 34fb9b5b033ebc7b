import type { Classification } from '@hitos/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { OPENED_GOVERNMENT, SELF_ASSESSED_COMPLETION } from '@hitos/domain';
import { Nested, OneOf, OptionalClassification, Text } from '../../http/validation.decorators';
import { DatedSignatoryDto, EvidenceDto } from '../shared.request.dto';

/** OGP's end-of-commitment form, co-signed by the counterpart. */
export class CloseCommitmentRequestDto {
  @Text(8000, {
    example: 'La Política de Calidad se implementó en 20 servicios con participación ciudadana.',
  })
  resultsNarrative!: string;
  @OneOf(SELF_ASSESSED_COMPLETION, { example: 'complete' })
  completion!: (typeof SELF_ASSESSED_COMPLETION)[number];
  @OneOf(OPENED_GOVERNMENT, { example: 'major', description: 'Did it open government?' })
  openedGovernment!: (typeof OPENED_GOVERNMENT)[number];
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  @ApiProperty({ type: [EvidenceDto] })
  evidence!: EvidenceDto[];
  @Nested(() => DatedSignatoryDto)
  counterpartCoSignature!: DatedSignatoryDto;
  @OptionalClassification(
    'Of the results narrative (each evidence item has its own): public, reserved or confidential. Absent, public.',
  )
  classification?: Classification;
}
