import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { IdPipe } from '../../http/id.pipe';
import { StreamCatalog } from '../../http/stream-catalog';
import { streamResponse } from '../../http/stream-response';
import { GetInstitutionQuery } from './get-institution.query';

@ApiTags('institutions')
@Controller('institutions')
export class GetInstitutionHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly catalog: StreamCatalog,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Instituciones / institutions' })
  @ApiOkResponse({ description: 'Every registered institution, folded from its stream' })
  async list() {
    const institutions = await Promise.all(
      this.catalog
        .list('institution')
        .map((id) => this.queryBus.execute(new GetInstitutionQuery(id))),
    );
    return {
      items: institutions
        .filter((i) => i.revision >= 0n)
        .map((i) => ({ ...i.state, revision: i.revision.toString() })),
    };
  }

  @Get(':institutionId')
  @Public()
  @ApiOperation({ summary: 'Una institución / one institution' })
  @ApiOkResponse({ description: 'The institution, with its revision (also the ETag)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  async get(
    @Param('institutionId', IdPipe) institutionId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const loaded = await this.queryBus.execute(new GetInstitutionQuery(institutionId));
    return streamResponse({ es: 'la institución', en: 'institution' }, institutionId, loaded, res);
  }
}
