import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EventStore } from '@hitos/event-store';
import { verifyHistory, type VerifyReport } from '@hitos/transparency';
import { Roles } from '../auth/auth.decorators';
import { ProblemException } from '../problem/problem.exception';
import { TransparencyLog } from './transparency-log.service';

const NDJSON = 'application/x-ndjson';
/** Progress lines on the NDJSON stream: one per this many events read. */
const PROGRESS_EVERY = 10_000;

/**
 * An auditor's check of the whole history, run by the API against its own store and its
 * transparency log (see `verifyHistory`): changed, missing, reordered or deleted events, events
 * written around hitos, trees and checkpoints that no longer match. Findings name ids, types,
 * positions and hashes, never content.
 */
@ApiTags('transparency')
@Controller('transparency')
export class VerifyHttpController {
  private running = false;

  constructor(
    private readonly log: TransparencyLog,
    private readonly store: EventStore,
  ) {}

  @Post('verify')
  @Roles('auditor')
  @HttpCode(200)
  @ApiProduces('application/json', NDJSON)
  @ApiOperation({
    summary: 'Verificar la historia / verify the history',
    description:
      'Walks $all from the start: each event’s hash-chain link and leaf, revision gaps and order, deleted streams, every checkpoint’s signature and recomputed root. Answers `{ ok, verdict, eventsRead, leaves, checkpointsChecked, findings }` (verdict 0 clean, 1 tampered, 2 could not run); with `Accept: application/x-ndjson`, one JSON line per finding and per 10,000 events as they come, then the report. One run at a time (409 VERIFY_RUNNING).',
  })
  @ApiOkResponse({ description: 'The report (200 whatever it found: see `ok` and `verdict`)' })
  async verify(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.running) {
      throw new ProblemException(409, 'VERIFY_RUNNING', {
        es: 'Ya hay una verificación en curso; intente cuando termine.',
        en: 'A verification is already running; try again when it ends.',
      });
    }
    this.running = true;
    const stop = new AbortController();
    // A client that leaves stops the walk.
    res.on('close', () => stop.abort());
    try {
      const options = {
        store: this.store,
        verifierKey: this.log.identity.signer.verifierKey,
        db: this.log.db(),
        signal: stop.signal,
      };
      if (req.accepts(['application/json', NDJSON]) !== NDJSON) {
        const report = await verifyHistory(options);
        if (!res.writableEnded && !res.destroyed) res.json(report);
        return;
      }
      res.status(200);
      res.setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
      res.setHeader('Cache-Control', 'no-store');
      res.flushHeaders();
      const line = (value: unknown) => {
        if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(value)}\n`);
      };
      const report: VerifyReport = await verifyHistory({
        ...options,
        progressEvery: PROGRESS_EVERY,
        onFinding: (finding) => line({ type: 'finding', finding }),
        onProgress: (progress) => line({ type: 'progress', progress }),
      });
      // The findings went out one by one: the last line is the report without its list.
      const { findings: _listed, ...summary } = report;
      line({ type: 'report', report: summary });
      if (!res.destroyed) res.end();
    } finally {
      this.running = false;
    }
  }
}
