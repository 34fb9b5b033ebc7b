import type { Actor, Role } from './actor';
import { dateOf, isIsoDate, isIsoTimestamp, isPeriodOrdered, type Period } from './dates';
import type { DomainError } from './domain-error';
import { Errors } from './error-catalogue';

/**
 * Checks return `undefined` when satisfied, so a decider chains them with `??` and returns the
 * first refusal. Commands arrive from JSON, so the domain re-checks shapes it depends on even
 * though the HTTP layer validates DTOs too.
 */
export type Check = DomainError | undefined;

export function requireRole(command: string, actor: Actor, allowed: readonly Role[]): Check {
  return allowed.includes(actor.role)
    ? undefined
    : Errors.roleNotAllowed(actor.role, allowed, command);
}

export function requireText(field: string, value: unknown): Check {
  return typeof value === 'string' && value.trim() !== ''
    ? undefined
    : Errors.requiredFieldMissing(field);
}

export function optionalText(field: string, value: unknown): Check {
  return value === undefined || value === null ? undefined : requireText(field, value);
}

export function requireDate(field: string, value: unknown): Check {
  if (value === undefined || value === null || value === '')
    return Errors.requiredFieldMissing(field);
  return isIsoDate(value) ? undefined : Errors.invalidField(field, value, 'expected YYYY-MM-DD');
}

export function requireTimestamp(field: string, value: unknown): Check {
  return isIsoTimestamp(value)
    ? undefined
    : Errors.invalidField(field, value, 'expected an ISO 8601 timestamp');
}

export function requireEnum<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
): Check {
  if (value === undefined || value === null) return Errors.requiredFieldMissing(field);
  return (allowed as readonly unknown[]).includes(value)
    ? undefined
    : Errors.invalidField(field, value, `expected one of ${allowed.join(', ')}`);
}

export function requireIntegerInRange(
  field: string,
  value: unknown,
  min: number,
  max: number,
): Check {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
    ? undefined
    : Errors.invalidField(field, value, `expected an integer from ${min} to ${max}`);
}

export function requirePeriod(field: string, period: Period | undefined, ends = ['start', 'end']) {
  const [startKey, endKey] = ends;
  const record = (period ?? {}) as unknown as Record<string, unknown>;
  return (
    requireDate(`${field}.${startKey}`, record[startKey]) ??
    requireDate(`${field}.${endKey}`, record[endKey]) ??
    (isPeriodOrdered({ start: record[startKey] as string, end: record[endKey] as string })
      ? undefined
      : Errors.periodEndBeforeStart(field, record[startKey] as string, record[endKey] as string))
  );
}

export function requireArray(field: string, value: unknown): Check {
  return Array.isArray(value) ? undefined : Errors.invalidField(field, value, 'expected a list');
}

export function firstError<T>(
  items: readonly T[],
  check: (item: T, index: number) => Check,
): Check {
  for (let i = 0; i < items.length; i++) {
    const error = check(items[i], i);
    if (error) return error;
  }
  return undefined;
}

export function duplicateOf(values: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function requireEmail(field: string, value: unknown): Check {
  return (
    requireText(field, value) ??
    (EMAIL.test(value as string)
      ? undefined
      : Errors.invalidField(field, value, 'expected an e-mail address'))
  );
}

/** A calendar date that is not after the day of `now`, the command's timestamp. */
export function notInFuture(field: string, date: string, now: string): Check {
  return date > dateOf(now) ? Errors.dateInFuture(field, date, dateOf(now)) : undefined;
}
