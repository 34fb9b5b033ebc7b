import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches, ValidateNested } from 'class-validator';
import { Text } from '../../http/validation.decorators';

/** A document of the formal information handover, identified by its SHA-256 digest. */
export class HandoverDocumentDto {
  @Text(300, { example: 'Expediente del compromiso MDT-CDC-2026-001 y sus medios de verificación' })
  title!: string;
  // As for evidence (EvidenceDto): 64 lowercase hex digits, refused here with a 400 naming it.
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be 64 lowercase hex digits (SHA-256)' })
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  sha256!: string;
}

/** The receiving institution acknowledges what it received (acta §4.1: "transferencia de información"). */
export class AcknowledgeInformationHandoverRequestDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => HandoverDocumentDto)
  @ApiProperty({ type: [HandoverDocumentDto], minItems: 1, maxItems: 200 })
  documents!: HandoverDocumentDto[];
}
