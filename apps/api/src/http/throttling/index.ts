export { RateLimitGuard, READS_THROTTLER, COMMANDS_THROTTLER } from './rate-limit.guard';
export { EventLoopLag, loadShedding, SHED_RETRY_AFTER_SECONDS } from './load-shedding';
export { countRefusal, type RefusalReason } from './refusals';
export { isLiveFeed, isProbe, isRead } from './exempt';
export { withLimitResponses } from './openapi-limits';
