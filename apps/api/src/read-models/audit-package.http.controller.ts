import { PassThrough } from 'node:stream';
import { Controller, Get, Inject, Logger, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { appConfig, type AppConfig } from '@hitos/config';
import { Clock, EventStore } from '@hitos/event-store';
import { EvidenceStore } from '@hitos/evidence';
import { EVIDENCE_FILES } from '@hitos/read-models';
import {
  buildAuditPackage,
  hitosPackageSource,
  packageCoverage,
  publicEvidenceOfScope,
  readerLabel,
  type HitosPackageSourceOptions,
  type PackageScope,
} from '@hitos/transparency';
import { Public } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { ProblemException } from '../problem/problem.exception';
import { TransparencyLog } from '../transparency/transparency-log.service';
import { ReadModels } from './read-models.service';

const DESCRIPTION =
  'A zip to check offline: events.ndjson (every event of the scope as stored, with its $all position and leaf index; an event whose content the reader may not see only as its leaf hash, marked withheld), proofs.ndjson (an RFC 6962 inclusion proof of each against the checkpoint), checkpoint.txt (a signed checkpoint covering every event; one is signed if needed — for an anonymous reader at most one per checkpoint interval, otherwise the package stops at the latest checkpoint and what was recorded after it goes in the next), key.txt, trail.csv, manifest.json (SHA-256 of each file) and LEEME.md (how to check it by hand). Built as the caller reads: the public by default; full content for the parties, the Presidency and auditors.';

/** A zip is no text: its example is the list of what it holds. */
const PACKAGE_RESPONSE = {
  description:
    'A zip (`Content-Disposition: attachment; filename="hitos-audit-commitment-<id>.zip"`) holding, in this order: events.ndjson, proofs.ndjson, checkpoint.txt, key.txt, trail.csv, manifest.json, LEEME.md.',
  content: {
    'application/zip': {
      schema: { type: 'string', format: 'binary' },
      example:
        'events.ndjson proofs.ndjson checkpoint.txt key.txt trail.csv manifest.json LEEME.md',
    },
  },
};

/** The sealed audit package of a commitment or of a plan, streamed as a zip. */
@ApiTags('transparency')
@Controller()
export class AuditPackageHttpController {
  private readonly logger = new Logger('AuditPackage');

  constructor(
    private readonly views: ReadModels,
    private readonly log: TransparencyLog,
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** The data directory's evidence store: the public files a package carries. */
  private readonly evidence = () => EvidenceStore.in(this.config.dataDir);

  @Get('commitments/:id/audit-package')
  @Public()
  @ApiProduces('application/zip')
  @ApiOkResponse(PACKAGE_RESPONSE)
  @ApiOperation({
    summary: 'Paquete de auditoría de un compromiso / commitment audit package',
    description: DESCRIPTION,
  })
  commitment(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) res: Response) {
    return this.package({ kind: 'commitment', id }, res);
  }

  @Get('action-plans/:id/audit-package')
  @Public()
  @ApiProduces('application/zip')
  @ApiOkResponse(PACKAGE_RESPONSE)
  @ApiOperation({
    summary: 'Paquete de auditoría del plan / plan audit package',
    description: DESCRIPTION,
  })
  plan(@Param('id', IdPipe) id: string, @Res({ passthrough: true }) res: Response) {
    return this.package({ kind: 'plan', id }, res);
  }

  private async package(scope: PackageScope, res: Response): Promise<StreamableFile> {
    const { db: trailDb } = await this.views.open('audit-trail');
    const reader = this.views.reader();
    const source: HitosPackageSourceOptions = {
      store: this.store,
      trailDb,
      logDb: this.log.db(),
      scope,
      reader,
    };
    const coverage = packageCoverage(source);
    if (coverage.rows === 0) {
      throw new ProblemException(404, 'SCOPE_HAS_NO_EVENTS', {
        es: `No hay eventos de ${scope.kind === 'commitment' ? 'el compromiso' : 'el plan'} ${scope.id}.`,
        en: `There are no events of ${scope.kind} ${scope.id}.`,
      });
    }
    // A signed-in reader gets a checkpoint of everything; an anonymous one signs at most one per
    // interval, else the package stops at the latest checkpoint (what follows is in the next).
    const checkpoint = await this.log.checkpointCovering(coverage.lastLeaf, {
      anonymous: reader.role === 'public',
      notInLog: coverage.notInLog,
    });
    const covered =
      coverage.notInLog === 0 &&
      checkpoint !== null &&
      (coverage.lastLeaf === null || coverage.lastLeaf < checkpoint.treeSize);
    if (!covered && this.log.frozen) {
      // A replay signs nothing: only a checkpoint signed by its moment can seal the package.
      throw new ProblemException(
        409,
        'REPLAY_HAS_NO_CHECKPOINT',
        {
          es: `Esta réplica no tiene un punto de control firmado hasta su momento que cubra los eventos de ${scope.kind === 'commitment' ? 'el compromiso' : 'el plan'} ${scope.id}, y una réplica no firma: pida el paquete a hitos en vivo, o reconstruya hasta después de un punto de control.`,
          en: `This replay holds no checkpoint signed by its moment that covers the events of ${scope.kind} ${scope.id}, and a replay signs none: ask the live hitos for the package, or replay until after a checkpoint.`,
        },
        { latestCheckpointTreeSize: checkpoint?.treeSize ?? null },
      );
    }
    if (!checkpoint) {
      throw new ProblemException(503, 'NO_CHECKPOINT_YET', {
        es: 'El registro aún no tiene un punto de control firmado; vuelva a intentarlo en un momento.',
        en: 'The log has no signed checkpoint yet; try again in a moment.',
      });
    }
    const out = new PassThrough();
    res.once('close', () => out.destroy());
    buildAuditPackage(
      {
        scope,
        reader: readerLabel(reader),
        createdAt: this.clock.now(),
        checkpointNote: checkpoint.note,
        verifierKey: this.log.identity.signer.verifierKey,
        ...hitosPackageSource(source, checkpoint.treeSize),
        evidenceFiles: {
          hashes: publicEvidenceOfScope(trailDb, (await this.views.open(EVIDENCE_FILES)).db, scope),
          open: (sha256) => this.evidence().readStream(sha256),
        },
      },
      out,
    ).catch((error: Error) => {
      this.logger.error(`audit package ${scope.kind} ${scope.id}: ${error.message}`);
      out.destroy(error);
    });
    return new StreamableFile(out, {
      type: 'application/zip',
      disposition: `attachment; filename="hitos-audit-${scope.kind}-${scope.id}.zip"`,
    });
  }
}
