import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  isURL,
} from 'class-validator';
import { CLASSIFICATIONS, STORED_EVIDENCE_URL } from '@hitos/domain';
import { DateField, OneOf, Text } from '../http/validation.decorators';

type Doc = Omit<ApiPropertyOptions, 'type' | 'required'>;

/** An e-mail address, length-limited. */
export function Email(doc: Doc = {}) {
  return applyDecorators(
    IsEmail(),
    MaxLength(254),
    ApiProperty({ format: 'email', maxLength: 254, ...doc } as ApiPropertyOptions),
  );
}

/** An http(s) link with its scheme, length-limited. */
export function Link(doc: Doc = {}) {
  return applyDecorators(
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }),
    MaxLength(2000),
    ApiProperty({ format: 'uri', maxLength: 2000, ...doc } as ApiPropertyOptions),
  );
}

export function OptionalLink(doc: Doc = {}) {
  return applyDecorators(
    IsOptional(),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }),
    MaxLength(2000),
    ApiPropertyOptional({ format: 'uri', maxLength: 2000, ...doc } as ApiPropertyOptions),
  );
}

export function OptionalOneOf(values: readonly string[], doc: Doc = {}) {
  return applyDecorators(
    IsOptional(),
    IsIn(values),
    ApiPropertyOptional({ enum: values, ...doc } as ApiPropertyOptions),
  );
}

/** An http(s) link, or a file hitos keeps: `/api/evidence/<sha256>` (docs/evidence.md). */
export function EvidenceUrl(doc: Doc = {}) {
  return applyDecorators(
    ValidateBy({
      name: 'isEvidenceUrl',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          (STORED_EVIDENCE_URL.test(value) ||
            isURL(value, { protocols: ['http', 'https'], require_protocol: true })),
        defaultMessage: () =>
          '$property must be an http(s) URL or a kept file, /api/evidence/<64 lowercase hex>',
      },
    }),
    MaxLength(2000),
    ApiProperty({ maxLength: 2000, ...doc } as ApiPropertyOptions),
  );
}

/** A means of verification: a link, the SHA-256 of the document, and its classification. */
export class EvidenceDto {
  @Text(300, { example: 'Acta de compromiso MDT-CDC-2026-001 firmada' }) title!: string;
  @EvidenceUrl({
    example: 'https://www.trabajo.gob.ec/gobierno-abierto/acta-MDT-CDC-2026-001.pdf',
    description:
      'An http(s) link, or a file uploaded to hitos: `/api/evidence/<sha256>` (its file must exist and hash to `sha256`)',
  })
  url!: string;
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be 64 lowercase hex digits (SHA-256)' })
  @ApiProperty({
    pattern: '^[0-9a-f]{64}$',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  sha256!: string;
  @OneOf(CLASSIFICATIONS, {
    example: 'public',
    description: 'Only public evidence reaches readers other than the parties',
  })
  classification!: (typeof CLASSIFICATIONS)[number];
  @IsOptional()
  @IsInt()
  @Min(0)
  @ApiPropertyOptional({
    description: 'Bytes of a kept file: filled by hitos from its store (what is sent is replaced)',
  })
  size?: number;
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({
    description:
      'Media type of a kept file, by content: filled by hitos from its store (what is sent is replaced)',
  })
  mediaType?: string;
}

/** Who signs: a name and a position. */
export class SignatoryDto {
  @Text(200, { example: 'Carlos Vinueza' }) name!: string;
  @Text(300, { example: 'Director Ejecutivo' }) position!: string;
}

export class DatedSignatoryDto extends SignatoryDto {
  @DateField({ example: '2027-12-20' }) signedOn!: string;
}
