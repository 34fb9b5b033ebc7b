import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

/**
 * A person's subject as an identity provider issues it (`sub`): up to 255 visible characters
 * that a URL path and a stream name can carry (letters, digits, `.`, `_`, `@`, `|`, `:`, `+`, `-`).
 */
export const SUB_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@|:+-]{0,254}$/;

@Injectable()
export class SubPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && SUB_PATTERN.test(value)) return value;
    const field = metadata.data ?? 'sub';
    throw new ProblemException(
      400,
      'VALIDATION_FAILED',
      {
        es: `El parámetro "${field}" no es un sujeto válido.`,
        en: `The parameter "${field}" is not a valid subject.`,
      },
      {
        errors: [
          {
            field,
            messages: [
              `${field} must be 1-255 letters, digits, ".", "_", "@", "|", ":", "+" or "-"`,
            ],
          },
        ],
      },
    );
  }
}
