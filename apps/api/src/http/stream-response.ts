import type { Response } from 'express';
import { ProblemException } from '../problem/problem.exception';
import { etagOf } from '../context/request-context';

/**
 * A resource as its stream's fold: 404 when the stream holds nothing, otherwise the state with
 * the revision it reflects, also as the `ETag` to send back in `If-Match`.
 */
export function streamResponse<S extends { status: string }>(
  kind: { es: string; en: string },
  id: string,
  loaded: { state: S; revision: bigint } | null,
  res: Response,
): S & { revision: string } {
  if (!loaded || loaded.revision < 0n || loaded.state.status === 'Empty') {
    throw new ProblemException(404, 'NOT_FOUND', {
      es: `No existe ${kind.es} "${id}".`,
      en: `There is no ${kind.en} "${id}".`,
    });
  }
  res.setHeader('ETag', etagOf(loaded.revision));
  return { ...loaded.state, revision: loaded.revision.toString() };
}

/** The items of a list of resources, each with its revision. */
export function listResponse<S>(entries: readonly { state: S; revision: bigint }[]) {
  return { items: entries.map((e) => ({ ...e.state, revision: e.revision.toString() })) };
}
