import { countThrottled } from '../../metrics/metrics';

/**
 * Why hitos refused a request before doing its work: over a rate limit, shed under load, or a
 * live feed past its cap. Each is counted in `/metrics` as `hitos_http_throttled_total{reason}`.
 */
export type RefusalReason =
  | 'rate_limited_reads'
  | 'rate_limited_commands'
  | 'shed_in_flight'
  | 'shed_event_loop'
  | 'live_feeds_per_client'
  | 'live_feeds_total';

const counts = new Map<RefusalReason, number>();

export function countRefusal(reason: RefusalReason): void {
  counts.set(reason, (counts.get(reason) ?? 0) + 1);
  countThrottled(reason);
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
