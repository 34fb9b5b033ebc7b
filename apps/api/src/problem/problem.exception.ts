/** Messages in both of hitos's languages; the problem's `detail` is the reader's one. */
export interface BilingualMessage {
  es: string;
  en: string;
}

/**
 * An HTTP failure that is not a domain rule: authentication, validation, a stale `If-Match`, a
 * malformed header. Rendered as problem+json by the one filter, like domain errors.
 */
export class ProblemException extends Error {
  override readonly name = 'ProblemException';

  constructor(
    readonly status: number,
    /** Stable, SCREAMING_SNAKE: clients branch on it, never on the message. */
    readonly code: string,
    readonly messages: BilingualMessage,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(messages.en);
  }
}

/** One invalid field of a request: its path (`milestones[0].due`) and what is wrong with it. */
export interface FieldError {
  field: string;
  messages: string[];
}
