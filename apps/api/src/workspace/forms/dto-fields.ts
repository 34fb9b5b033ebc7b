/**
 * What a DTO class accepts, read from the class-validator and class-transformer metadata its
 * decorators leave: the forms' spec walks each declared field's path (`signatory.name`,
 * `coreGroup[0].memberId`) through it, so a field renamed in a DTO fails that spec.
 */
import { getMetadataStorage } from 'class-validator';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer keeps its storage out of its typed entry point; its CommonJS file is stable.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Ctor = Function;

/** The properties a DTO validates (its own and those it inherits). */
export function dtoProperties(dto: Ctor): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
}

/** The class of a nested property (`@Type(() => X)`), if it has one. */
export function nestedType(dto: Ctor, property: string): Ctor | undefined {
  // It looks in the class's ancestors too (DatedSignatoryDto extends SignatoryDto).
  const meta = defaultMetadataStorage.findTypeMetadata(dto, property);
  return meta ? (meta.typeFunction() as Ctor) : undefined;
}

/**
 * Whether a body path exists on the DTO: each segment a validated property, each step into an
 * object or an array item through its declared type. Returns the reason when it does not.
 */
export function checkPath(dto: Ctor, path: string): string | null {
  const segments = path.replace(/\[\d+\]/g, '').split('.');
  let target: Ctor = dto;
  for (const [index, segment] of segments.entries()) {
    if (!dtoProperties(target).has(segment)) return `${target.name} has no field "${segment}"`;
    if (index < segments.length - 1) {
      const next = nestedType(target, segment);
      if (!next) return `${target.name}.${segment} is not a nested object`;
      target = next;
    }
  }
  return null;
}
