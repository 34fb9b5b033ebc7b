import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { institutionDecider, institutionStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { newResourceId } from '../../http/resource-id';
import { RegisterInstitutionRequestDto } from './register-institution.request.dto';

@ApiTags('institutions')
@Controller('institutions')
export class RegisterInstitutionHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post()
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Registrar una institución / register an institution',
    description:
      'The Presidency registers a public institution that may be responsible for commitments.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({ description: 'INSTITUTION_ALREADY_REGISTERED' })
  @ApiCommandErrors()
  async register(
    @Body() body: RegisterInstitutionRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const institutionId = body.institutionId ?? newResourceId('institution');
    const result = await this.commands.handle(
      institutionStreamName(institutionId),
      institutionDecider,
      decideWith(institutionDecider, 'RegisterInstitution', plain({ ...body, institutionId })),
    );
    return commandResponse(institutionId, result, res);
  }
}
