/**
 * The environment that turns hitos's request limits off (docs/api.md#limits): rate limits,
 * load shedding by delay and by requests under way. Suites and benchmarks send faster than any
 * client, from one address, on a machine that may be busy: the limits would refuse them by
 * chance and measure themselves. The limits' own suite (test/api/limits.e2e-spec.ts) turns
 * them on with small values. Spread before a process's own settings, so that those win.
 */
export const LIMITS_OFF: Readonly<Record<string, string>> = {
  HITOS_RATE_LIMIT_READS: '0',
  HITOS_RATE_LIMIT_COMMANDS: '0',
  HITOS_SHED_MAX_IN_FLIGHT: '0',
  HITOS_SHED_EVENT_LOOP_DELAY_MS: '0',
};
