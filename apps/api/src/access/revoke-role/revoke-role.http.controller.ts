import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { accessDecider, decideWith, personStreamName } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { IdPipe } from '../../http/id.pipe';
import { SubPipe } from '../sub.pipe';
import { RevokeRoleRequestDto } from './revoke-role.request.dto';

@ApiTags('access')
@Controller('people')
export class RevokeRoleHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post(':sub/grants/:grantId/revocation')
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Revocar un rol / revoke a grant',
    description:
      'The Presidency revokes one of the person’s grants, with its reason: from then on the person may not act under it.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiNotFoundResponse({ description: 'GRANT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'GRANT_ALREADY_REVOKED' })
  @ApiCommandErrors()
  async revoke(
    @Param('sub', SubPipe) sub: string,
    @Param('grantId', IdPipe) grantId: string,
    @Body() body: RevokeRoleRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.commands.handle(
      personStreamName(sub),
      accessDecider,
      decideWith(accessDecider, 'RevokeRole', plain({ ...body, grantId, sub })),
    );
    return commandResponse(grantId, result, res);
  }
}
