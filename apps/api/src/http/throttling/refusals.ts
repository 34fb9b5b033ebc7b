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

export function countRefusal(reason: RefusalReason): void {
  countThrottled(reason);
}
