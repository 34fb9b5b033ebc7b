import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Paging and read-your-writes, common to every read-model query. */
export class ReadQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Past a safe integer SQLite cannot be given it exactly (offset=1e20 was a 500).
  @Max(Number.MAX_SAFE_INTEGER)
  @ApiPropertyOptional({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })
  offset?: number;

  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'waitFor must be an $all position (digits)' })
  @ApiPropertyOptional({
    description:
      "Wait (up to 5 s, HITOS_WAIT_FOR_MAX_MS) until the view reflects this $all position, e.g. a command's `position`; past the end of $all: 400",
    example: '20512',
  })
  waitFor?: string;
}

export class UpcomingQueryDto extends ReadQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  @ApiPropertyOptional({ minimum: 1, maximum: 366, default: 30 })
  days?: number;
}

export class CorrelationQueryDto extends ReadQueryDto {
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'correlationId must be a correlation id' })
  @ApiPropertyOptional({ description: 'Everything one request (or one transfer) caused' })
  correlationId?: string;
}

export const TRAIL_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type TrailFormat = (typeof TRAIL_FORMATS)[number];

/** A trail's paging, or the whole trail streamed as CSV or NDJSON (no paging then). */
export class TrailQueryDto extends ReadQueryDto {
  @IsOptional()
  @IsIn(TRAIL_FORMATS)
  @ApiPropertyOptional({
    enum: TRAIL_FORMATS,
    description:
      'json (a page, the default), or every row of the trail streamed: csv or ndjson (also `Accept: text/csv` / `application/x-ndjson`); limit and offset do not apply to a stream',
  })
  format?: TrailFormat;
}

export class TrailCorrelationQueryDto extends CorrelationQueryDto {
  @IsOptional()
  @IsIn(TRAIL_FORMATS)
  @ApiPropertyOptional({ enum: TRAIL_FORMATS, description: 'As for the other trails' })
  format?: TrailFormat;
}
