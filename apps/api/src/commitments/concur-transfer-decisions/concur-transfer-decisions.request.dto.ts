import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { Id } from '../../http/validation.decorators';
import { ConcurTransferDecisionRequestDto } from '../concur-transfer-decision/concur-transfer-decision.request.dto';
import { BULK_MAX_ITEMS } from '../decide-transfers/bulk-commands';

/** A Core Group member's concurrence on one commitment (the body of the single endpoint). */
export class TransferConcurrenceItemDto extends ConcurTransferDecisionRequestDto {
  @Id({ example: 'calidad-servicios-publicos' }) commitmentId!: string;
}

export class ConcurTransferDecisionsRequestDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => TransferConcurrenceItemDto)
  @ApiProperty({ type: [TransferConcurrenceItemDto], minItems: 1, maxItems: BULK_MAX_ITEMS })
  concurrences!: TransferConcurrenceItemDto[];
}
