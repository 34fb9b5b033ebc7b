import { createReadStream } from 'node:fs';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import {
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  evidenceDownloadsDecider,
  evidenceDownloadsStreamName,
  strictestOf,
} from '@hitos/domain';
import { CommandHandling } from '@hitos/event-store';
import { EvidenceStore, SHA256_HEX } from '@hitos/evidence';
import { EVIDENCE_FILES, filingsOf, type EvidenceFiling } from '@hitos/read-models';
import { ANONYMOUS, type Actor } from '../../auth/actor';
import { Public } from '../../auth/auth.decorators';
import { mayReadClassified } from '../../commitments/commitment-visibility';
import { CONTEXT_ACTOR } from '../../context/request-context';
import { ReadModels } from '../../read-models/read-models.service';
import { EvidenceProblems } from '../evidence.problems';
import { attachmentDisposition, attachmentName } from './attachment-name';

/** Who may read a kept file no event has filed: those who read everything. */
const READ_UNFILED = ['presidency', 'auditor'];

/** Who may download a kept file, and whether the download is of classified content. */
type Access =
  | { allowed: false }
  | { allowed: true; classified: false; filing: EvidenceFiling | null }
  | {
      allowed: true;
      classified: true;
      filing: EvidenceFiling;
      classification: 'reserved' | 'confidential';
      commitmentIds: string[];
    };

@ApiTags('evidence')
@Controller('evidence')
export class DownloadEvidenceHttpController {
  constructor(
    private readonly store: EvidenceStore,
    private readonly views: ReadModels,
    private readonly commands: CommandHandling,
    private readonly cls: ClsService,
  ) {}

  @Get(':sha256')
  @Public()
  @ApiOperation({
    summary: 'Descargar un archivo de evidencia / download an evidence file',
    description:
      'The kept file, streamed, with its type, length, `ETag: "<sha256>"`, `Repr-Digest` and an attachment name from the title it was filed with. Filed public by any event: anyone. Otherwise only who may read the classified content of a commitment that filed it (the responsible institution, the counterpart, the Presidency, auditors); each such download is recorded (`ClassifiedEvidenceDownloaded`, in the transparency log, never in the public trail). Anyone else: 404, as for a file never kept. See docs/evidence.md.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description:
      'The file as kept, with its media type by content; headers `ETag: "<sha256>"`, `Repr-Digest: sha-256=:<base64>:`, `Content-Disposition: attachment; filename=…`, `X-Content-Type-Options: nosniff`.',
    content: {
      'application/octet-stream': {
        schema: { type: 'string', format: 'binary' },
        example: '%PDF-1.7 … (the bytes of the file)',
      },
    },
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such file, or not one this reader may read' })
  async download(
    @Param('sha256') sha256: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!SHA256_HEX.test(sha256)) throw EvidenceProblems.notFound(sha256);
    const actor = this.cls.get<Actor | undefined>(CONTEXT_ACTOR) ?? ANONYMOUS;
    const { db } = await this.views.open(EVIDENCE_FILES);
    const filings = filingsOf(db, sha256);
    const access = await this.accessOf(actor, filings);
    const size = access.allowed ? await this.store.sizeOf(sha256) : null;
    if (!access.allowed || size === null) throw EvidenceProblems.notFound(sha256);
    const mediaType =
      access.filing?.mediaType ??
      filings.find((f) => f.mediaType)?.mediaType ??
      (await this.store.describe(sha256))?.mediaType ??
      'application/octet-stream';
    // A HEAD request delivers no bytes: only a download (GET) is recorded.
    if (access.classified && req.method !== 'HEAD') {
      await this.commands.handle(
        evidenceDownloadsStreamName(sha256),
        evidenceDownloadsDecider,
        decideWith(evidenceDownloadsDecider, 'RecordClassifiedEvidenceDownload', {
          sha256,
          classification: access.classification,
          commitmentIds: access.commitmentIds,
        }),
      );
    }
    res.setHeader('Content-Type', mediaType);
    res.setHeader('Content-Length', String(size));
    res.setHeader('ETag', `"${sha256}"`);
    const digest = `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`;
    res.setHeader('Repr-Digest', digest);
    res.setHeader('Digest', `SHA-256=${Buffer.from(sha256, 'hex').toString('base64')}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader(
      'Cache-Control',
      access.classified ? 'private, no-store' : 'public, max-age=86400, immutable',
    );
    res.setHeader(
      'Content-Disposition',
      attachmentDisposition(attachmentName(access.filing?.title ?? sha256, mediaType)),
    );
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const file = createReadStream(this.store.pathOf(sha256));
      file.on('error', reject);
      res.on('close', () => {
        file.destroy();
        resolve();
      });
      file.pipe(res);
    });
  }

  private async accessOf(actor: Actor, filings: EvidenceFiling[]): Promise<Access> {
    const publicFiling = filings.find((f) => f.classification === 'public');
    if (publicFiling) return { allowed: true, classified: false, filing: publicFiling };
    if (filings.length === 0) {
      return READ_UNFILED.includes(actor.role)
        ? { allowed: true, classified: false, filing: null }
        : { allowed: false };
    }
    const readable: EvidenceFiling[] = [];
    for (const commitmentId of [...new Set(filings.map((f) => f.commitmentId))]) {
      const { state } = await this.commands.load(
        commitmentStreamName(commitmentId),
        commitmentDecider,
      );
      if (state.status !== 'Empty' && mayReadClassified(actor, state)) {
        readable.push(...filings.filter((f) => f.commitmentId === commitmentId));
      }
    }
    if (readable.length === 0) return { allowed: false };
    const classification = strictestOf(readable.map((f) => f.classification));
    return {
      allowed: true,
      classified: true,
      filing: readable[0],
      classification: classification === 'public' ? 'reserved' : classification,
      commitmentIds: [...new Set(readable.map((f) => f.commitmentId))],
    };
  }
}
