import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { appConfig, type AppConfig } from '@hitos/config';
import {
  EvidenceStore,
  EvidenceTooLargeError,
  EvidenceTypeNotAllowedError,
  type StoredEvidence,
} from '@hitos/evidence';
import { Roles } from '../../auth/auth.decorators';
import { EvidenceProblems } from '../evidence.problems';

export class FiledEvidenceDto {
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256!: string;
  @ApiProperty({ example: 182_311, description: 'Bytes' }) size!: number;
  @ApiProperty({ example: 'application/pdf', description: 'By content, not by name' })
  mediaType!: string;
  @ApiProperty({
    example: '/api/evidence/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: "What an evidence item's `url` cites",
  })
  url!: string;
}

/** Anyone signed in who files evidence: every role but the public. */
const FILERS = ['institution', 'counterpart', 'presidency', 'auditor', 'core-group'] as const;

@ApiTags('evidence')
@Controller('evidence')
export class FileEvidenceHttpController {
  constructor(
    private readonly store: EvidenceStore,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles(...FILERS)
  @ApiOperation({
    summary: 'Subir un archivo de evidencia / upload an evidence file',
    description:
      'multipart/form-data with the file in the field `file`. Streamed to disk while hashed (SHA-256) and typed by its content (PDF, images, office documents, ZIP, UTF-8 text/CSV); kept once by its hash. Cite it in a progress report or the closure with `url: /api/evidence/<sha256>` and the same `sha256`. See docs/evidence.md.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: FiledEvidenceDto })
  @ApiPayloadTooLargeResponse({ description: 'EVIDENCE_TOO_LARGE (HITOS_EVIDENCE_MAX_BYTES)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'EVIDENCE_TYPE_NOT_ALLOWED' })
  async file(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FiledEvidenceDto> {
    const filed = await this.receive(req);
    const url = `/api/evidence/${filed.sha256}`;
    res.setHeader('Location', url);
    return { sha256: filed.sha256, size: filed.size, mediaType: filed.mediaType, url };
  }

  /** Parses the body with busboy and streams its `file` part into the store. */
  private receive(req: Request): Promise<StoredEvidence> {
    if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
      return Promise.reject(EvidenceProblems.fileRequired());
    }
    const maxBytes = this.config.evidenceMaxBytes;
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          // One byte over the limit reaches the store, which refuses it; busboy drops the rest.
          limits: { files: 1, fileSize: maxBytes + 1, fields: 20, parts: 40 },
        });
      } catch (error) {
        return reject(EvidenceProblems.malformed((error as Error).message));
      }
      let filing: Promise<StoredEvidence> | null = null;
      let failed = false;
      parser.on('file', (name, stream) => {
        if (name !== 'file' || filing) {
          stream.resume();
          return;
        }
        filing = this.store.file(stream, maxBytes);
        // Failures are answered at 'close', once the whole body has been read.
        filing.catch(() => undefined);
      });
      parser.on('error', (error: Error) => {
        if (failed) return;
        failed = true;
        req.unpipe(parser);
        req.resume();
        // The store sees the file stream fail too, and removes its temp file.
        (filing ?? Promise.resolve())
          .catch(() => undefined)
          .finally(() => reject(EvidenceProblems.malformed(error.message)));
      });
      parser.on('close', () => {
        if (failed) return;
        if (!filing) return reject(EvidenceProblems.fileRequired());
        filing.then(resolve, (error: unknown) => reject(problemOf(error, maxBytes)));
      });
      // A client that goes away mid-upload: the file stream fails and the store drops its temp.
      req.on('close', () => {
        if (!req.complete) parser.destroy(new Error('the upload was cut off'));
      });
      req.pipe(parser);
    });
  }
}

function problemOf(error: unknown, maxBytes: number): unknown {
  if (error instanceof EvidenceTooLargeError) return EvidenceProblems.tooLarge(maxBytes);
  if (error instanceof EvidenceTypeNotAllowedError) {
    return EvidenceProblems.typeNotAllowed(error.detected);
  }
  return error;
}
