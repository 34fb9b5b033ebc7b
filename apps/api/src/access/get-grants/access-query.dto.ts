import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsIsoDate } from '../../http/validation.decorators';
import { IsMoment } from '../../read-models/time-travel.dto';

/** `GET …/people`: now, as hitos knew it at a moment, or as it happened by a date. */
export class PeopleQueryDto {
  @IsOptional()
  @IsMoment()
  @ApiPropertyOptional({
    description:
      'As hitos knew it at this moment (recorded time): grants recorded by then and not revoked by then, nor past their last day. A date is the end of that day in America/Guayaquil (today: now). Not in the future. Not with `asHappenedBy`.',
    example: '2026-01-28',
  })
  asOf?: string;

  @IsOptional()
  @IsIsoDate()
  @ApiPropertyOptional({
    description:
      'As it happened by this date: from the grants’ and revocations’ own days (`grantedOn`, `revokedOn`), whenever hitos recorded them. Not with `asOf`.',
    example: '2026-01-28',
  })
  asHappenedBy?: string;

  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'waitFor must be an $all position (digits)' })
  @ApiPropertyOptional({
    description:
      "Wait (up to 5 s, HITOS_WAIT_FOR_MAX_MS) until the view reflects this $all position, e.g. a command's `position`; past the end of $all: 400",
  })
  waitFor?: string;
}
