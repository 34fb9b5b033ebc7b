import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { parseMoment } from '@hitos/read-models';
import { IsIsoDate } from '../http/validation.decorators';
import { ReadQueryDto } from './read-query.dto';

/** A date `YYYY-MM-DD` or an ISO 8601 date-time (see `parseMoment`). */
export function IsMoment(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isMoment',
      validator: {
        validate: (value) => parseMoment(value) !== null,
        defaultMessage: (args) =>
          `${args?.property} must be a date YYYY-MM-DD or an ISO 8601 date-time such as 2026-11-24T10:00:00-05:00`,
      },
    },
    options,
  );
}

const POSITION = /^\d{1,20}$/;

/** The past a read may ask for: as hitos knew it at a moment or position, as it happened by a date. */
export class PastQueryDto {
  @IsOptional()
  @IsMoment()
  @ApiPropertyOptional({
    description:
      'As hitos knew it at this moment: the events recorded by then. A date is the end of that day in the plan’s time zone (America/Guayaquil, UTC−5); a date-time without an offset is read there too. Not in the future.',
    example: '2026-06-30',
  })
  asOf?: string;

  @IsOptional()
  @Matches(POSITION, { message: 'asOfPosition must be an $all position (digits)' })
  @ApiPropertyOptional({
    description:
      "As hitos knew it at this $all commit position (e.g. a command's `position`, or the `position` a past view answered with). Not with `asOf`.",
    example: '20512',
  })
  asOfPosition?: string;

  @IsOptional()
  @IsIsoDate()
  @ApiPropertyOptional({
    description:
      'As it happened by this date: only the events whose occurrence date (a signature’s `signedOn`, a report’s `reportedOn`…; see docs/time-travel.md) is on or before it. With `asOf`/`asOfPosition`, among what hitos knew then; alone, among what it knows now.',
    example: '2026-01-31',
  })
  asHappenedBy?: string;
}

/** A read-model query that may ask for a past: paging, `waitFor` (the present only), the past. */
export class PastReadQueryDto extends IntersectionType(ReadQueryDto, PastQueryDto) {}

/** `GET /api/commitments/:id/diff`: two moments, as hitos knew them. */
export class CommitmentDiffQueryDto {
  @IsOptional()
  @IsMoment()
  @ApiPropertyOptional({
    description: 'The earlier moment (a date is the end of that day in America/Guayaquil).',
    example: '2026-03-31',
  })
  from?: string;

  @IsOptional()
  @Matches(POSITION, { message: 'fromPosition must be an $all position (digits)' })
  @ApiPropertyOptional({ description: 'The earlier moment as an $all position.' })
  fromPosition?: string;

  @IsOptional()
  @IsMoment()
  @ApiPropertyOptional({ description: 'The later moment; default now.', example: '2026-06-30' })
  to?: string;

  @IsOptional()
  @Matches(POSITION, { message: 'toPosition must be an $all position (digits)' })
  @ApiPropertyOptional({ description: 'The later moment as an $all position; default now.' })
  toPosition?: string;
}
