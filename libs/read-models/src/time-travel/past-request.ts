import { planTimestampOf } from './moment';
import type { PastRequest, PastScope } from './past-views';

/** What a past answer says about the past it shows, so that a client can cite it exactly. */
export interface AsOfBlock {
  /** `as-known`: what hitos knew; `as-happened`: of that, what had happened by `happenedBy`. */
  view: 'as-known' | 'as-happened';
  /** The moment asked (`asOf`), in the plan's time zone; null without one. */
  moment: string | null;
  /** The position asked (`asOfPosition`); null without one. */
  requestedPosition: string | null;
  /** The date asked (`asHappenedBy`); null without one. */
  happenedBy: string | null;
  /**
   * The `$all` position of the last event known at that cut among the streams this view is made
   * of: `asOfPosition=<it>` (with the same `asHappenedBy`) gives the same view.
   */
  position: string | null;
  /** Events folded into the view. */
  events: number;
  /** Events known then that happened after `happenedBy`, left out. */
  notYetHappened: number;
}

/** The moment and the position a past was asked at, as an answer states them. */
export function askedAt(request: PastRequest): {
  moment: string | null;
  requestedPosition: string | null;
} {
  return {
    moment: request.cut.recordedBy ? planTimestampOf(request.cut.recordedBy) : null,
    requestedPosition: request.cut.position?.toString() ?? null,
  };
}

/** The `asOf` block of an answer: the past asked, and what the view was folded from. */
export function asOfBlock(request: PastRequest, scope: PastScope): AsOfBlock {
  return {
    view: request.happenedBy !== undefined ? 'as-happened' : 'as-known',
    ...askedAt(request),
    happenedBy: request.happenedBy ?? null,
    position: scope.position,
    events: scope.events,
    notYetHappened: scope.notYetHappened,
  };
}

/** The past asked, in words for a message ("as hitos knew it at …"); "now" when none was. */
export function whenAsked(request: PastRequest): { es: string; en: string } {
  const parts = { es: [] as string[], en: [] as string[] };
  if (request.cut.recordedBy) {
    const at = planTimestampOf(request.cut.recordedBy);
    parts.es.push(`según lo que hitos sabía el ${at}`);
    parts.en.push(`as hitos knew it at ${at}`);
  }
  if (request.cut.position !== undefined) {
    parts.es.push(`según lo que hitos sabía en la posición ${request.cut.position}`);
    parts.en.push(`as hitos knew it at position ${request.cut.position}`);
  }
  if (request.happenedBy) {
    parts.es.push(`en lo ocurrido hasta el ${request.happenedBy}`);
    parts.en.push(`in what had happened by ${request.happenedBy}`);
  }
  if (parts.es.length === 0) {
    parts.es.push('ahora');
    parts.en.push('now');
  }
  return { es: parts.es.join(', '), en: parts.en.join(', ') };
}
