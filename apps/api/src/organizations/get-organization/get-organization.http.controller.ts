import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { IdPipe } from '../../http/id.pipe';
import { StreamCatalog } from '../../http/stream-catalog';
import { streamResponse } from '../../http/stream-response';
import { GetOrganizationQuery } from './get-organization.query';

@ApiTags('organizations')
@Controller('organizations')
export class GetOrganizationHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly catalog: StreamCatalog,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Organizaciones / organizations' })
  @ApiOkResponse({ description: 'Every registered organization, folded from its stream' })
  async list() {
    const organizations = await Promise.all(
      this.catalog
        .list('organization')
        .map((id) => this.queryBus.execute(new GetOrganizationQuery(id))),
    );
    return {
      items: organizations
        .filter((o) => o.revision >= 0n)
        .map((o) => ({ ...o.state, revision: o.revision.toString() })),
    };
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
    const loaded = await this.queryBus.execute(new GetOrganizationQuery(organizationId));
    return streamResponse(
      { es: 'la organización', en: 'organization' },
      organizationId,
      loaded,
      res,
    );
  }
}
