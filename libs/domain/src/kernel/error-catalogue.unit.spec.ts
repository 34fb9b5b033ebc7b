import { DomainError } from './domain-error';
import { ERROR_CODES, ERROR_KINDS, Errors } from './error-catalogue';

/**
 * Calls every factory with one placeholder that serves as a string, a list and a period alike,
 * so each code's messages can be inspected without a table of arguments per factory.
 */
const placeholder = Object.assign(['x'], {
  start: '2026-01-01',
  end: '2027-12-31',
  due: '2027-12-31',
});
function everyError(): DomainError[] {
  return Object.values(Errors).map((factory) =>
    (factory as (...args: unknown[]) => DomainError)(placeholder, placeholder, placeholder),
  );
}

describe('error catalogue', () => {
  it('lists stable SCREAMING_SNAKE codes, each with an HTTP-mappable kind', () => {
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(['rule', 'invalid', 'not-found', 'forbidden']).toContain(ERROR_KINDS[code]);
    }
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('has one factory per code, and every factory yields a listed code with its kind', () => {
    const errors = everyError();
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(ERROR_CODES));
    for (const error of errors)
      expect(error.kind).toBe(ERROR_KINDS[error.code as keyof typeof ERROR_KINDS]);
  });

  it('speaks Spanish and English in every message', () => {
    for (const error of everyError()) {
      expect(error.message.es.trim()).not.toBe('');
      expect(error.message.en.trim()).not.toBe('');
      expect(error.message.es).not.toBe(error.message.en);
    }
  });

  it('is a JSON-safe value, not an exception', () => {
    const error = Errors.planNotFound('ec-paea-2026-2027');
    expect(error).not.toBeInstanceOf(Error);
    expect(DomainError.is(error)).toBe(true);
    expect(DomainError.is({ code: 'PLAN_NOT_FOUND' })).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'PLAN_NOT_FOUND',
      kind: 'not-found',
      message: {
        es: 'No existe el plan de acción ec-paea-2026-2027.',
        en: 'Action plan ec-paea-2026-2027 does not exist.',
      },
      details: { planId: 'ec-paea-2026-2027' },
    });
  });
});
