import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditTrail, type AuditTrailScope } from '@hitos/read-models';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ReadModels } from './read-models.service';
import { CorrelationQueryDto, ReadQueryDto } from './read-query.dto';

const DESCRIPTION =
  'Every event with its $all position, stream and revision, type, when it happened and when it was recorded, actor, role and organization, correlation and causation ids, reason, and a one-line summary in Spanish and English. Public readers see public events only.';

/** The audit trail at each scope; classified events only for those who may read them. */
@ApiTags('read models')
@Controller()
export class AuditTrailHttpController {
  constructor(private readonly views: ReadModels) {}

  private async trail(scope: AuditTrailScope, query: ReadQueryDto) {
    const { db, position } = await this.views.open('audit-trail', query.waitFor);
    return { position, ...auditTrail(db, scope, this.views.reader(), {}, query) };
  }

  @Get('commitments/:id/audit-trail')
  @Public()
  @ApiOperation({
    summary: 'Historial de un compromiso / commitment audit trail',
    description: DESCRIPTION,
  })
  commitment(@Param('id', IdPipe) id: string, @Query() query: ReadQueryDto) {
    return this.trail({ commitmentId: id }, query);
  }

  @Get('institutions/:id/audit-trail')
  @Public()
  @ApiOperation({
    summary: 'Historial de una institución / institution audit trail',
    description: DESCRIPTION,
  })
  institution(@Param('id', IdPipe) id: string, @Query() query: ReadQueryDto) {
    return this.trail({ institutionId: id }, query);
  }

  @Get('organizations/:id/audit-trail')
  @Public()
  @ApiOperation({
    summary: 'Historial de una contraparte / counterpart audit trail',
    description: DESCRIPTION,
  })
  organization(@Param('id', IdPipe) id: string, @Query() query: ReadQueryDto) {
    return this.trail({ organizationId: id }, query);
  }

  @Get('action-plans/:id/audit-trail')
  @Public()
  @ApiOperation({ summary: 'Historial del plan / plan-wide audit trail', description: DESCRIPTION })
  plan(@Param('id', IdPipe) id: string, @Query() query: ReadQueryDto) {
    return this.trail({ planId: id }, query);
  }

  @Get('audit-trail')
  @Public()
  @ApiOperation({
    summary: 'Lo que causó una solicitud / what one request caused',
    description: DESCRIPTION,
  })
  correlation(@Query() query: CorrelationQueryDto) {
    return this.trail({ correlationId: query.correlationId }, query);
  }
}
