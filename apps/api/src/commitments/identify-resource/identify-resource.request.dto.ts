import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Matches, Max, Min } from 'class-validator';
import { RESOURCE_KINDS } from '@hitos/domain';
import {
  OneOf,
  OptionalId,
  OptionalNested,
  OptionalText,
  Text,
} from '../../http/validation.decorators';

export class AmountDto {
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e12)
  @ApiProperty({ minimum: 0, example: 25000 })
  amount!: number;
  @Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code such as USD' })
  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'USD' })
  currency!: string;
}

export class IdentifyResourceRequestDto {
  @OptionalId({ description: 'Chosen by the client, or made by the server', example: 'r1' })
  resourceId?: string;
  @OneOf(RESOURCE_KINDS, { example: 'financial' }) kind!: (typeof RESOURCE_KINDS)[number];
  @Text(2000, {
    example: 'Talleres de co-creación de estándares de calidad con la ciudadanía',
  })
  description!: string;
  @OptionalNested(() => AmountDto)
  estimatedAmount?: AmountDto;
  @OptionalText(200, {
    example: 'Certificación presupuestaria No. MDT-2026-0457',
    description: 'Required for financial resources (subject to budget availability)',
  })
  budgetCertification?: string;
  @OptionalText(300, {
    example: 'Cooperación técnica internacional',
    description: 'Required for cooperation resources',
  })
  cooperant?: string;
}
