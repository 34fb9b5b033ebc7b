import type { OpenAPIObject } from '@nestjs/swagger';
import examples from './openapi-response-examples.json';

/**
 * Response examples of the public queries, keyed `GET <path>` as the OpenAPI document names
 * them. They are real answers of the demo plan on the test day (lists cut to two items), written
 * by `HITOS_WRITE_OPENAPI_EXAMPLES=1 npx jest test/api/openapi-examples` and checked against
 * the live answers by the same test without the variable.
 */
export const OPENAPI_EXAMPLES: Record<string, unknown> = examples;

/**
 * Sets each public query's 200 example where the controller did not give one: keyed
 * `GET <path>` for JSON, `GET <path> <media type>` for another (text, CSV, Atom).
 */
export function withResponseExamples(document: OpenAPIObject): OpenAPIObject {
  for (const [key, example] of Object.entries(OPENAPI_EXAMPLES)) {
    const [, path, mediaType = 'application/json'] = key.split(' ');
    const get = document.paths[path]?.get;
    if (!get) continue;
    const ok = (get.responses['200'] ??= { description: 'OK' }) as {
      description: string;
      content?: Record<string, { schema?: unknown; example?: unknown }>;
    };
    ok.content ??= {};
    const media = (ok.content[mediaType] ??= {});
    media.example ??= example;
    // A non-JSON answer is not JSON too: drop the default Nest lists for a `@Res` route.
    if (mediaType !== 'application/json' && ok.content['application/json']?.example === undefined)
      delete ok.content['application/json'];
  }
  return document;
}
