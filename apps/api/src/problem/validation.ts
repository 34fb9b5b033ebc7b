import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem.exception';

/** Flattens class-validator's tree into one entry per offending field path. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = !parent
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) out.push({ field: path, messages });
    if (error.children?.length) out.push(...fieldErrors(error.children, path));
  }
  return out;
}

/** 400 with every offending field named; nothing reaches a handler. */
export function validationProblem(errors: ValidationError[]): ProblemException {
  const fields = fieldErrors(errors);
  const names = fields.map((f) => f.field).join(', ');
  return new ProblemException(
    400,
    'VALIDATION_FAILED',
    {
      es: `La solicitud tiene campos no válidos: ${names}.`,
      en: `The request has invalid fields: ${names}.`,
    },
    { errors: fields },
  );
}

/**
 * Unknown fields are refused (not silently dropped), so that a misspelt field is an error the
 * caller sees rather than data that quietly goes missing.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationProblem,
  });
}
