import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { Type } from 'class-transformer';
import { CLASSIFICATIONS, isIsoDate } from '@hitos/domain';
import { ID_PATTERN } from './resource-id';

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is refused). */
export function IsIsoDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value) => isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a calendar date YYYY-MM-DD`,
      },
    },
    options,
  );
}

type Doc = Omit<ApiPropertyOptions, 'type' | 'required'>;

/** A required, trimmed-length-limited text. Huge strings are refused, naming the field. */
export function Text(max: number, doc: Doc = {}) {
  return applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    ApiProperty({ maxLength: max, ...doc } as ApiPropertyOptions),
  );
}

export function OptionalText(max: number, doc: Doc = {}) {
  return applyDecorators(
    IsOptional(),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    ApiPropertyOptional({ maxLength: max, ...doc } as ApiPropertyOptions),
  );
}

export function DateField(doc: Doc = {}) {
  return applyDecorators(
    IsIsoDate(),
    ApiProperty({ type: String, format: 'date', ...doc } as ApiPropertyOptions),
  );
}

export function OneOf(values: readonly string[], doc: Doc = {}) {
  return applyDecorators(IsIn(values), ApiProperty({ enum: values, ...doc } as ApiPropertyOptions));
}

/**
 * The optional classification of a command's free text (docs/reserve.md): absent, the domain
 * resolves it (a reply inherits its report's; a report's narrative the strictest of its
 * evidence; a closure is public). Any other value is a 400 naming the field.
 */
export function OptionalClassification(description: string) {
  return applyDecorators(
    IsOptional(),
    IsIn(CLASSIFICATIONS),
    ApiPropertyOptional({ enum: CLASSIFICATIONS, example: 'public', description }),
  );
}

/** A client-chosen id (optional: the server makes one when absent). */
export function OptionalId(doc: Doc = {}) {
  return applyDecorators(
    IsOptional(),
    IsString(),
    Matches(ID_PATTERN, { message: '$property must be 1-64 letters, digits, "_" or "-"' }),
    ApiPropertyOptional({ pattern: ID_PATTERN.source, ...doc } as ApiPropertyOptions),
  );
}

export function Id(doc: Doc = {}) {
  return applyDecorators(
    IsString(),
    Matches(ID_PATTERN, { message: '$property must be 1-64 letters, digits, "_" or "-"' }),
    ApiProperty({ pattern: ID_PATTERN.source, ...doc } as ApiPropertyOptions),
  );
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type DtoClass = () => Function;

/**
 * A required nested object, validated field by field. `@ValidateNested` alone lets a missing
 * object through to the domain; this refuses it as a 400 naming the field.
 */
export function Nested(type: DtoClass, doc: Doc = {}) {
  return applyDecorators(
    IsObject(),
    ValidateNested(),
    Type(type),
    ApiProperty({ type: type(), ...doc } as ApiPropertyOptions),
  );
}

export function OptionalNested(type: DtoClass, doc: Doc = {}) {
  return applyDecorators(
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(type),
    ApiPropertyOptional({ type: type(), ...doc } as ApiPropertyOptions),
  );
}
