import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';
import { ID_PATTERN } from './resource-id';

/** Path ids must look like ids: a 400 naming the parameter beats a 404 for a typo'd URL. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new ProblemException(
      400,
      'VALIDATION_FAILED',
      {
        es: `El parámetro "${field}" no es un identificador válido.`,
        en: `The parameter "${field}" is not a valid id.`,
      },
      { errors: [{ field, messages: [`${field} must be 1-64 letters, digits, "_" or "-"`] }] },
    );
  }
}
