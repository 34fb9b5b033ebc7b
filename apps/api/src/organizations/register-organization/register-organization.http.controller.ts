import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { organizationDecider, organizationStreamName, decideWith } from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { Roles } from '../../auth/auth.decorators';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { CommandResponseDto, commandResponse, plain } from '../../http/command-response';
import { newResourceId } from '../../http/resource-id';
import { RegisterOrganizationRequestDto } from './register-organization.request.dto';

@ApiTags('organizations')
@Controller('organizations')
export class RegisterOrganizationHttpController {
  constructor(private readonly commands: CommandHandling) {}

  @Post()
  @HttpCode(201)
  @Roles('presidency')
  @ApiOperation({
    summary: 'Registrar una organización / register an organization',
    description:
      'The Presidency registers a civil-society, academic or private organization that may act as counterpart.',
  })
  @ApiCreatedResponse({ type: CommandResponseDto })
  @ApiConflictResponse({ description: 'ORGANIZATION_ALREADY_REGISTERED' })
  @ApiCommandErrors()
  async register(
    @Body() body: RegisterOrganizationRequestDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const organizationId = body.organizationId ?? newResourceId('organization');
    const result = await this.commands.handle(
      organizationStreamName(organizationId),
      organizationDecider,
      decideWith(organizationDecider, 'RegisterOrganization', plain({ ...body, organizationId })),
    );
    return commandResponse(organizationId, result, res);
  }
}
