import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** `GET /api/commitments/:commitmentId?waitFor=`: read-your-writes on the read model. */
export class GetCommitmentQueryDto {
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'waitFor must be an $all position (digits)' })
  @ApiPropertyOptional({
    description:
      "Wait (up to 5 s) until the commitment-detail model reflects this $all position, e.g. a command's `position`",
    example: '20512',
  })
  waitFor?: string;
}
