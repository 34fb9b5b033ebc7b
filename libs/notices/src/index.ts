/**
 * Notices that reach people outside hitos: the rules (which facts notify whom), the messages
 * (Spanish, then English), the outbox model, the recipients' registry, and the dispatcher that
 * sends each notice once per fact and recipient over e-mail and signed webhooks.
 */
export * from './notice';
export { NOTICE_RULES, NOTICE_EVENT_TYPES, noticesFor } from './rules';
export {
  renderEmail,
  webhookPayload,
  describe,
  commitmentPageUrl,
  type Bilingual,
  type RenderedEmail,
} from './render';
export { renderDigest, type Digest } from './digest';
export { isoWeekOf, lastEndedWeek } from './iso-week';
export {
  NOTICES_OUTBOX_PROJECTION,
  noticesOutboxProjection,
  padPosition,
  type FactRow,
  type ChangeRow,
} from './outbox.projection';
export {
  NoticesStore,
  newWebhookSecret,
  toRecipient,
  type AttemptRow,
  type Channel,
  type DeliveryRow,
  type DeliveryStatus,
  type Recipient,
  type RecipientRow,
  type RecipientScope,
} from './notices-store';
export {
  DEFAULT_RETRY_DELAYS_MS,
  NOTICE_STREAM_PREFIX,
  NoticeDispatcher,
  noticeStreamName,
  type DispatchReport,
  type NoticeDispatcherOptions,
  type NoticeEvent,
} from './dispatcher';
export {
  HttpWebhookTransport,
  SmtpMailTransport,
  type MailMessage,
  type MailTransport,
  type SendOutcome,
  type WebhookRequest,
  type WebhookTransport,
} from './transports';
export { loadNoticesConfig, type NoticesConfig } from './config';
