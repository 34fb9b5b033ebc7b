import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AllPosition } from '@hitos/event-store';
import { readReplayManifest, toAllPosition, type ReplayManifest } from '@hitos/projections';
import { problemBody } from '../problem/problem-details.filter';
import { ProblemException } from '../problem/problem.exception';

/** The replay this process serves (`HITOS_REPLAY_DIR`), or null for the live hitos. */
export const REPLAY_SERVING = Symbol('ReplayServing');

/** A replay's read models, served frozen at their moment. */
export interface ReplayServing {
  /** The directory `hitos audit replay` wrote. */
  directory: string;
  manifest: ReplayManifest;
  /** Where its history ends in `$all`: the store is read up to here, never past it. */
  end: AllPosition | null;
}

/** The replay in `directory`; an Error naming the directory when it holds none. */
export function replayIn(directory: string): ReplayServing {
  const manifest = readReplayManifest(directory);
  return { directory, manifest, end: manifest.end ? toAllPosition(manifest.end) : null };
}

/** Provides {@link REPLAY_SERVING} to the whole app. */
@Global()
@Module({})
export class ReplayModule {
  static forRoot(replay: ReplayServing | null): DynamicModule {
    return {
      module: ReplayModule,
      providers: [{ provide: REPLAY_SERVING, useValue: replay }],
      exports: [REPLAY_SERVING],
    };
  }
}

/** The headers every answer of a replay carries: the instant it stands at and its position. */
export const REPLAY_UNTIL_HEADER = 'Hitos-Replay-Until';
export const REPLAY_POSITION_HEADER = 'Hitos-Replay-Position';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Mounted first on a replay's HTTP app: every answer says which moment it is of
 * (`Hitos-Replay-Until`, `Hitos-Replay-Position`), and every command (any method but GET, HEAD
 * and OPTIONS, on any path) is refused before a guard or a controller sees it: 405
 * `READ_ONLY_REPLAY`, in both languages.
 */
export function readOnlyReplay(replay: ReplayServing) {
  const { manifest } = replay;
  const position = replay.end?.commit.toString() ?? null;
  const asked = manifest.until.asked === manifest.at ? '' : ` (${manifest.at})`;
  const where = position === null ? 'sin eventos' : `posición ${position}`;
  const whereEn = position === null ? 'no events' : `position ${position}`;
  const refusal = new ProblemException(
    405,
    'READ_ONLY_REPLAY',
    {
      es: `Réplica de solo lectura hasta ${manifest.until.asked}${asked}, ${where}: no acepta comandos. Envíelos a hitos en vivo.`,
      en: `Read-only replay until ${manifest.until.asked}${asked}, ${whereEn}: it takes no commands. Send them to the live hitos.`,
    },
    { until: manifest.at, position },
  );
  return (req: Request, res: Response, next: () => void): void => {
    res.setHeader(REPLAY_UNTIL_HEADER, manifest.at);
    if (position !== null) res.setHeader(REPLAY_POSITION_HEADER, position);
    if (SAFE_METHODS.has(req.method)) return next();
    res
      .status(405)
      .setHeader('Allow', 'GET, HEAD, OPTIONS')
      .type('application/problem+json')
      .send(JSON.stringify(problemBody(refusal, req)));
  };
}
