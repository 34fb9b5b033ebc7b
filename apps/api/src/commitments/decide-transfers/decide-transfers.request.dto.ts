import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TRANSFER_DECISIONS, type TransferDecision } from '@hitos/domain';
import { Id, OneOf, Text } from '../../http/validation.decorators';
import {
  ReceivingInstitutionId,
  TransferOnly,
} from '../concur-transfer-decision/concur-transfer-decision.request.dto';
import { ReceivingAdministratorDto } from '../transfer-commitment/transfer-commitment.request.dto';
import { BULK_MAX_ITEMS } from './bulk-commands';

/**
 * The Presidency's decision on one commitment pending after a redesign: `maintain` (the body of
 * the maintenance endpoint) or `transfer` (the body of the transfer endpoint).
 */
export class TransferDecisionItemDto {
  @Id({ example: 'calidad-servicios-publicos' }) commitmentId!: string;
  @OneOf(TRANSFER_DECISIONS, { example: 'transfer' }) decision!: TransferDecision;
  @Text(2000, {
    example:
      'El decreto de rediseño asigna la competencia sobre la calidad de los servicios públicos a la institución receptora.',
  })
  reason!: string;
  @ReceivingInstitutionId() toInstitutionId?: string;
  @TransferOnly()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  @ApiPropertyOptional({
    maxLength: 300,
    example: 'Dirección de Innovación y Mejora de Servicios',
    description: 'Required for "transfer", absent for "maintain"',
  })
  receivingUnit?: string;
  @TransferOnly()
  @IsObject()
  @ValidateNested()
  @Type(() => ReceivingAdministratorDto)
  @ApiPropertyOptional({
    type: ReceivingAdministratorDto,
    description: 'Required for "transfer", absent for "maintain"',
  })
  administrator?: ReceivingAdministratorDto;
}

export class DecideTransfersRequestDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => TransferDecisionItemDto)
  @ApiProperty({ type: [TransferDecisionItemDto], minItems: 1, maxItems: BULK_MAX_ITEMS })
  decisions!: TransferDecisionItemDto[];
}
