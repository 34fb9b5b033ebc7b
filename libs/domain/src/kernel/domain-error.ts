/** HTTP mapping: rule 409, invalid 422, not-found 404, forbidden 403. */
export type DomainErrorKind = 'rule' | 'invalid' | 'not-found' | 'forbidden';

export interface LocalizedMessage {
  es: string;
  en: string;
}

/**
 * A refusal is a value returned by `decide`, not an exception: it does not extend Error, so it
 * carries no stack and serialises as plain JSON into a problem+json body.
 */
export class DomainError {
  constructor(
    /** Stable, SCREAMING_SNAKE: clients and the README depend on it. */
    readonly code: string,
    readonly kind: DomainErrorKind,
    readonly message: LocalizedMessage,
    readonly details?: Record<string, unknown>,
  ) {}

  static is(x: unknown): x is DomainError {
    return x instanceof DomainError;
  }
}
