import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators';
import { IdPipe } from '../../http/id.pipe';
import { listResponse, streamResponse } from '../../http/stream-response';
import { GetRegisteredQuery, ListRegisteredQuery } from '../../read-models/registry.query';

@ApiTags('institutions')
@Controller('institutions')
export class GetInstitutionHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Instituciones / institutions' })
  @ApiOkResponse({
    description:
      'Every registered institution, in the order registered (from the registry read model)',
  })
  async list() {
    return listResponse(await this.queryBus.execute(new ListRegisteredQuery('institution')));
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
    const loaded = await this.queryBus.execute(
      new GetRegisteredQuery('institution', institutionId),
    );
    return streamResponse({ es: 'la institución', en: 'institution' }, institutionId, loaded, res);
  }
}
