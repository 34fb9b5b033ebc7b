import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { IdPipe } from '../../http/id.pipe';
import { listResponse, streamResponse } from '../../http/stream-response';
import { GetRegisteredQuery, ListRegisteredQuery } from '../../read-models/registry.query';

@ApiTags('organizations')
@Controller('organizations')
export class GetOrganizationHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Organizaciones / organizations' })
  @ApiOkResponse({
    description:
      'Every registered organization, in the order registered (from the registry read model)',
  })
  async list() {
    return listResponse(await this.queryBus.execute(new ListRegisteredQuery('organization')));
  }

  @Get(':organizationId')
  @Public()
  @ApiOperation({ summary: 'Una organización / one organization' })
  @ApiOkResponse({ description: 'The organization, with its revision (also the ETag)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(
    @Param('organizationId', IdPipe) organizationId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const loaded = await this.queryBus.execute(
      new GetRegisteredQuery('organization', organizationId),
    );
    return streamResponse(
      { es: 'la organización', en: 'organization' },
      organizationId,
      loaded,
      res,
    );
  }
}
