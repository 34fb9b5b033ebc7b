import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PastQueryDto } from '../../read-models/time-travel.dto';

class WaitForDto {
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'waitFor must be an $all position (digits)' })
  @ApiPropertyOptional({
    description:
      "Wait (up to 5 s) until the commitment-detail model reflects this $all position, e.g. a command's `position`. The present only: not with `asOf`, `asOfPosition` or `asHappenedBy`.",
    example: '20512',
  })
  waitFor?: string;
}

/**
 * `GET /api/commitments/:commitmentId`: read-your-writes on the read model (`waitFor`), or a past
 * folded from the events (`asOf` | `asOfPosition`, `asHappenedBy`).
 */
export class GetCommitmentQueryDto extends IntersectionType(WaitForDto, PastQueryDto) {}
