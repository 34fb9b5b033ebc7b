import type { Response } from 'express';
import type { LoadedStream } from '@hitos/event-store';
import { ProblemException } from '../problem/problem.exception';
import { etagOf } from '../context/request-context';

/**
 * A resource read from its stream: 404 when the stream holds nothing, otherwise the state with
 * the revision it reflects, also as the `ETag` to send back in `If-Match`.
 */
export function streamResponse<S extends { status: string }>(
  kind: { es: string; en: string },
  id: string,
  loaded: LoadedStream<S>,
  res: Response,
): S & { revision: string } {
  if (loaded.revision < 0n || loaded.state.status === 'Empty') {
    throw new ProblemException(404, 'NOT_FOUND', {
      es: `No existe ${kind.es} "${id}".`,
      en: `There is no ${kind.en} "${id}".`,
    });
  }
  res.setHeader('ETag', etagOf(loaded.revision));
  return { ...loaded.state, revision: loaded.revision.toString() };
}
