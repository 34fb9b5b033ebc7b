/**
 * Why hitos refused a request before doing its work: over a rate limit, shed under load, or a
 * live feed past its cap. Counted here, in the process, for the metrics to expose
 * (`hitos_http_refusals_total{reason}`): {@link onRefusal} is the one place to wire them.
 */
export type RefusalReason =
  | 'rate_limited_reads'
  | 'rate_limited_commands'
  | 'shed_in_flight'
  | 'shed_event_loop'
  | 'live_feeds_per_client'
  | 'live_feeds_total';

type Listener = (reason: RefusalReason) => void;

const counts = new Map<RefusalReason, number>();
const listeners = new Set<Listener>();

export function countRefusal(reason: RefusalReason): void {
  counts.set(reason, (counts.get(reason) ?? 0) + 1);
  for (const listener of listeners) listener(reason);
}

/** The refusals since the process started, by reason. */
export function refusalCounts(): Record<RefusalReason, number> {
  return {
    rate_limited_reads: counts.get('rate_limited_reads') ?? 0,
    rate_limited_commands: counts.get('rate_limited_commands') ?? 0,
    shed_in_flight: counts.get('shed_in_flight') ?? 0,
    shed_event_loop: counts.get('shed_event_loop') ?? 0,
    live_feeds_per_client: counts.get('live_feeds_per_client') ?? 0,
    live_feeds_total: counts.get('live_feeds_total') ?? 0,
  };
}

/** Calls `listener` on every refusal (e.g. a prom-client counter's `inc`); returns its removal. */
export function onRefusal(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
