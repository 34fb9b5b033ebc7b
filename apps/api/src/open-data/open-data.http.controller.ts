import { PortalNames, portalPaths } from '../portal/portal-names';
import { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import { Feed } from 'feed';
import { Clock } from '@hitos/event-store';
import {
  EVIDENCE_FILES,
  PUBLIC_READER,
  auditTrailRows,
  registryEntry,
  type AuditTrailScope,
} from '@hitos/read-models';
import type { ActionPlanState } from '@hitos/domain';
import { prepared } from '@hitos/projections';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ProblemException } from '../problem/problem.exception';
import { ReadModels } from '../read-models/read-models.service';
import { ReadQueryDto } from '../read-models/read-query.dto';
import { OPEN_DATA_RESOURCES, csvCells, openDataResource } from './open-data.resources';
import { DATAPACKAGE_EXAMPLE, dataPackage } from './open-data.package';

/** How many public changes a feed carries, newest first. */
export const FEED_ENTRIES = 100;

const notFound = (what: string) =>
  new ProblemException(404, 'NOT_FOUND', {
    es: `No hay ${what} con ese identificador.`,
    en: `There is no ${what} with that id.`,
  });

/**
 * Open data, for anyone: a Frictionless Data Package of the plan's commitments (an IRM-shaped
 * sheet), milestones, progress reports and reviews, public evidence, reports to audiences and
 * transfers, each as CSV and JSON, read as the public reads them; Atom feeds of public changes.
 */
@ApiTags('open data')
@Controller('open-data')
export class OpenDataHttpController {
  constructor(
    private readonly views: ReadModels,
    private readonly clock: Clock,
  ) {}

  @Get('datapackage.json')
  @Public()
  @ApiOperation({
    summary: 'Paquete de datos abiertos / open data package',
    description:
      'A Frictionless Tabular Data Package (https://specs.frictionlessdata.io/): one resource per CSV with its Table Schema (types, formats, constraints, keys); each resource is also served as JSON (`hitos:json`). Only public information. docs/open-data.md.',
  })
  @ApiOkResponse({ description: 'The descriptor.', schema: { example: DATAPACKAGE_EXAMPLE } })
  async descriptor(@Query() query: ReadQueryDto, @Req() req: Request) {
    const { position } = await this.views.open('commitment-detail', query.waitFor);
    return dataPackage(this.clock.now(), position, baseOf(req));
  }

  @Get(':file')
  @Public()
  @ApiOperation({
    summary: 'Un recurso del paquete, en CSV o JSON / one resource of the package, as CSV or JSON',
    description: `\`${OPEN_DATA_RESOURCES.map((r) => r.name).join('`, `')}\`, each \`.csv\` (UTF-8, a header row, the columns of its Table Schema in datapackage.json) or \`.json\` (an array of the same records, typed). Streamed from one consistent snapshot of the read models.`,
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({
    description: 'The rows.',
    content: {
      'text/csv': {
        example:
          'commitment_id,milestone_id,deliverable,weight,baseline_start,baseline_due,start,due,slips,endorsed_percent,completed,completed_on\ncalidad-servicios-publicos,hito-1,Diagnóstico,30,2026-02-01,2026-04-30,2026-02-01,2026-05-31,1,100,true,2026-05-20\n',
      },
      'application/json': {
        example: [
          { commitment_id: 'calidad-servicios-publicos', milestone_id: 'hito-1', weight: 30 },
        ],
      },
    },
  })
  async file(
    @Param('file') file: string,
    @Query() query: ReadQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const match = /^([a-z-]+)\.(csv|json)$/.exec(file);
    const resource = match ? openDataResource(match[1]) : undefined;
    if (!match || !resource) throw notFound('recurso de datos abiertos / open-data resource');
    const format = match[2] as 'csv' | 'json';
    const detailLive = (await this.views.open('commitment-detail', query.waitFor)).db;
    const registryLive = (await this.views.open('registry')).db;
    const filesLive = (await this.views.open(EVIDENCE_FILES, query.waitFor)).db;

    // A connection of the export's own, read only, in one read transaction: one consistent
    // snapshot however long the client takes, and the live one stays free for the projection.
    function* records() {
      const detail = new Database(detailLive.name, { readonly: true, fileMustExist: true });
      const registry = new Database(registryLive.name, { readonly: true, fileMustExist: true });
      const files = new Database(filesLive.name, { readonly: true, fileMustExist: true });
      try {
        detail.exec('BEGIN');
        files.exec('BEGIN');
        yield* resource!.rows({ detail, registry, files }, PortalNames.read(registry));
      } finally {
        detail.close();
        registry.close();
        files.close();
      }
    }
    const source = Readable.from(records());
    let first = true;
    const body =
      format === 'csv'
        ? source
            .map((record: Record<string, unknown>) => csvCells(resource, record as never))
            .pipe(
              stringify({
                header: true,
                columns: resource.fields.map((f) => f.name),
                escape_formulas: true,
              }),
            )
        : Readable.from(
            (async function* () {
              yield '[';
              for await (const record of source) {
                yield `${first ? '' : ','}\n${JSON.stringify(record)}`;
                first = false;
              }
              yield '\n]\n';
            })(),
          );
    res.once('close', () => {
      source.destroy();
      body.destroy();
    });
    return new StreamableFile(body, {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      disposition: `inline; filename="${resource.name}.${format}"`,
    });
  }

  @Get('action-plans/:id/feed.atom')
  @Public()
  @ApiOperation({
    summary: 'Cambios públicos del plan (Atom) / public changes of a plan (Atom feed)',
    description: `The latest ${FEED_ENTRIES} public changes of the plan and its commitments, newest first (RFC 4287); a change with reserved content keeps its entry, which says "Contenido reservado / Reserved content" and never holds the content.`,
  })
  @ApiProduces('application/atom+xml')
  async planFeed(
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const registry = (await this.views.open('registry')).db;
    const plan = registryEntry(registry, 'plan', id);
    if (!plan || plan.state.status === 'Empty') throw notFound('plan / plan');
    const state = plan.state as Extract<ActionPlanState, { status: 'Registered' }>;
    return this.feed(req, res, {
      scope: { planId: id },
      path: `action-plans/${id}`,
      title: state.title,
      subtitle: `Cambios públicos / public changes — ${state.title}`,
      page: portalPaths.plan(id),
    });
  }

  @Get('commitments/:id/feed.atom')
  @Public()
  @ApiOperation({
    summary:
      'Cambios públicos de un compromiso (Atom) / public changes of a commitment (Atom feed)',
    description: `The latest ${FEED_ENTRIES} public changes of the commitment, newest first (RFC 4287); a change with reserved content keeps its entry, which says "Contenido reservado / Reserved content" and never holds the content.`,
  })
  @ApiProduces('application/atom+xml')
  async commitmentFeed(
    @Param('id', IdPipe) id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const detail = (await this.views.open('commitment-detail')).db;
    const row = prepared(detail, `SELECT title FROM commitment WHERE commitment_id = ?`).get(id) as
      { title: string } | undefined;
    if (!row) throw notFound('compromiso / commitment');
    return this.feed(req, res, {
      scope: { commitmentId: id },
      path: `commitments/${id}`,
      title: row.title,
      subtitle: `Cambios públicos / public changes — ${row.title}`,
      page: portalPaths.commitment(id),
    });
  }

  private async feed(
    req: Request,
    res: Response,
    options: {
      scope: AuditTrailScope;
      path: string;
      title: string;
      subtitle: string;
      page: string;
    },
  ): Promise<string> {
    const trail = (await this.views.open('audit-trail')).db;
    const registry = (await this.views.open('registry')).db;
    // Audit lines cite institutions and organizations by id; a feed reader reads their names.
    const names = PortalNames.read(registry);
    const base = baseOf(req);
    const self = `${base}/api/open-data/${options.path}/feed.atom`;
    const entries = [];
    // Every change has its entry: one with a withheld part says so ("Contenido reservado /
    // Reserved content") after its public summary, which never holds free text.
    for (const entry of auditTrailRows(trail, options.scope, PUBLIC_READER)) {
      entries.push(entry);
      if (entries.length > FEED_ENTRIES) entries.shift();
    }
    entries.reverse();
    const feed = new Feed({
      id: `urn:hitos:${options.path.replace('/', ':')}`,
      title: options.title,
      description: options.subtitle,
      link: `${base}${options.page}`,
      language: 'es',
      updated: new Date(entries[0]?.recordedAt ?? this.clock.now()),
      generator: 'hitos',
      // RFC 4287 wants an author for the feed when an entry may lack one (an empty feed).
      author: { name: 'hitos' },
      copyright: 'CC BY 4.0',
      feedLinks: { atom: self },
    });
    for (const entry of entries) {
      const summary = { es: names.nameIds(entry.summary.es), en: names.nameIds(entry.summary.en) };
      const who = entry.actor.organizationId
        ? names.organizationOrInstitution(entry.actor.organizationId)
        : (entry.actor.role ?? 'hitos');
      feed.addItem({
        id: `urn:hitos:event:${entry.eventId}`,
        title: summary.es,
        // The commitment's page on the portal: the story, for a person following the feed.
        link: entry.commitmentId
          ? `${base}${portalPaths.commitment(entry.commitmentId)}`
          : `${base}${options.page}`,
        description: summary.en,
        content: `<p lang="es">${escapeXml(summary.es)}</p><p lang="en">${escapeXml(summary.en)}</p>`,
        date: new Date(entry.recordedAt),
        published: new Date(entry.occurredAt ?? entry.recordedAt),
        author: [{ name: who }],
        category: [
          { term: entry.type, name: entry.type },
          ...(entry.withheld
            ? [{ term: 'withheld', name: 'Contenido reservado / Reserved content' }]
            : []),
        ],
      });
    }
    res.setHeader('Content-Type', 'application/atom+xml; charset=utf-8');
    return feed.atom1();
  }
}

/** The scheme and host the client used, for absolute links. */
const baseOf = (req: Request) => `${req.protocol}://${req.get('host')}`;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
