import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { COMMITMENT_STATUSES } from '@hitos/domain';
import { OptionalId } from '../../http/validation.decorators';
import { OptionalOneOf } from '../shared.request.dto';

export const LISTED_STATUSES = COMMITMENT_STATUSES.filter((s) => s !== 'Empty');

/** Filters and page of `GET /api/commitments`. */
export class ListCommitmentsQueryDto {
  @OptionalId({ example: 'ec-paea-2026-2027' }) planId?: string;
  @OptionalId({ example: 'mdt', description: 'The responsible institution' })
  institutionId?: string;
  @OptionalId({ example: 'fundacion-alianza-estrategica', description: 'The counterpart' })
  counterpartId?: string;
  @OptionalOneOf(LISTED_STATUSES, { example: 'InImplementation' })
  status?: (typeof COMMITMENT_STATUSES)[number];
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  limit?: number;
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  offset?: number;
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'waitFor must be an $all position (digits)' })
  @ApiPropertyOptional({
    description:
      'Wait (up to 5 s, HITOS_WAIT_FOR_MAX_MS) until the list reflects this $all position; past the end of $all: 400',
    example: '20512',
  })
  waitFor?: string;
}
