import { type ArgumentsHost, Injectable, applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { mapLimit, type CommandResult } from '@hitos/event-store';
import {
  CONTEXT_COMMAND_SCOPE,
  CONTEXT_IDEMPOTENCY_KEY,
  CONTEXT_IF_MATCH,
  idempotencyKey,
} from '../../context/request-context';
import { ProblemDto } from '../../http/api-errors.decorator';
import { ProblemDetailsFilter, type ProblemDetails } from '../../problem/problem-details.filter';
import { ProblemException } from '../../problem/problem.exception';

/** Items one bulk request may carry (a redesign rarely touches more than a plan holds). */
export const BULK_MAX_ITEMS = 500;
/** Items decided at once: enough to overlap the store's round trips, few enough to share it. */
export const BULK_CONCURRENCY = 8;

class BulkRecordedEventDto {
  @ApiProperty({ example: '5f0c3a9e-6a5b-5c1e-9b1f-3f2a8d1c0e42' }) id!: string;
  @ApiProperty({ example: 'CommitmentTransferred' }) type!: string;
  @ApiProperty({ example: '12' }) revision!: string;
}

/** One item's outcome: what the single endpoint would have answered, status included. */
export class BulkItemResultDto {
  @ApiProperty({ example: 'calidad-servicios-publicos' }) commitmentId!: string;
  @ApiProperty({
    example: 201,
    description: 'The HTTP status the single request would have had: 201, or the problem’s',
  })
  status!: number;
  @ApiPropertyOptional({ example: '12', description: 'Stream revision after the command' })
  revision?: string;
  @ApiPropertyOptional({ example: '20512', description: '$all position of the last event' })
  position?: string;
  @ApiPropertyOptional({ type: [BulkRecordedEventDto] }) events?: BulkRecordedEventDto[];
  @ApiPropertyOptional({
    type: ProblemDto,
    description:
      'The problem+json body the single request would have had; its `instance` points at the item (`…#/decisions/2`)',
  })
  problem?: ProblemDetails;
}

export class BulkCommandResponseDto {
  @ApiProperty({ type: [BulkItemResultDto], description: 'One per item, in request order' })
  results!: BulkItemResultDto[];
}

/** Swagger for a bulk command endpoint (its items' own errors are in each result). */
export function ApiBulkCommand() {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Repeat the whole request safely: each item’s command id is derived from the key and its commitment id, so a retry records nothing twice and answers each item’s first result',
    }),
    ApiOkResponse({
      type: BulkCommandResponseDto,
      description:
        'Every item was attempted, each on its own: one failing neither undoes nor stops the others. Read each result’s status.',
    }),
    ApiBadRequestResponse({
      description:
        'VALIDATION_FAILED naming each field of each item (e.g. decisions[2].reason), a commitment listed twice, or If-Match sent; INVALID_IDEMPOTENCY_KEY. Nothing was attempted.',
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
    }),
  );
}

/**
 * Runs the items of a bulk request as separate commands, a few at a time, each through the
 * function its single endpoint uses (e.g. `maintainCommitment`), so that an item is decided
 * exactly as the single request would be. Each runs in a nested request context carrying its
 * commitment id, so that with an `Idempotency-Key` its command id is derived from the key and
 * the commitment (see `CONTEXT_COMMAND_SCOPE`): a retried request is answered from what was
 * recorded. Each failure becomes the problem+json body the single request would have got, from
 * the one filter.
 */
@Injectable()
export class BulkCommands {
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly cls: ClsService) {}

  async run<I extends { commitmentId: string }>(
    list: string,
    items: readonly I[],
    command: (item: I) => Promise<CommandResult<unknown>>,
    request: Request,
  ): Promise<BulkCommandResponseDto> {
    this.refuseBeforeAnyItem(list, items);
    const outcomes = await mapLimit(items, BULK_CONCURRENCY, (item, index) =>
      this.one(list, index, item, command, request),
    );
    // A retry answers exactly what the first request did; only the header tells it was one.
    if (outcomes.every((o) => o.replayed)) request.res?.setHeader('Idempotent-Replayed', 'true');
    return { results: outcomes.map((o) => o.result) };
  }

  /** What would fail every item, or make two items one command, is refused as a whole. */
  private refuseBeforeAnyItem(list: string, items: readonly { commitmentId: string }[]): void {
    idempotencyKey(this.cls.get(CONTEXT_IDEMPOTENCY_KEY));
    if (this.cls.get(CONTEXT_IF_MATCH) !== undefined) {
      throw new ProblemException(
        400,
        'INVALID_IF_MATCH',
        {
          es: 'Una solicitud masiva no admite If-Match: cada compromiso tiene su propia revisión.',
          en: 'A bulk request takes no If-Match: each commitment has its own revision.',
        },
        { errors: [{ field: 'If-Match', messages: ['not allowed on a bulk request'] }] },
      );
    }
    const seen = new Set<string>();
    const errors = items.flatMap(({ commitmentId }, i) => {
      if (!seen.has(commitmentId)) {
        seen.add(commitmentId);
        return [];
      }
      return [
        {
          field: `${list}[${i}].commitmentId`,
          messages: [`commitmentId "${commitmentId}" appears more than once`],
        },
      ];
    });
    if (errors.length) {
      const names = errors.map((e) => e.field).join(', ');
      throw new ProblemException(
        400,
        'VALIDATION_FAILED',
        {
          es: `La solicitud tiene campos no válidos: ${names}.`,
          en: `The request has invalid fields: ${names}.`,
        },
        { errors },
      );
    }
  }

  private async one<I extends { commitmentId: string }>(
    list: string,
    index: number,
    item: I,
    command: (item: I) => Promise<CommandResult<unknown>>,
    request: Request,
  ): Promise<{ result: BulkItemResultDto; replayed: boolean }> {
    const { commitmentId } = item;
    try {
      const result = await this.cls.run({ ifNested: 'inherit' }, () => {
        this.cls.set(CONTEXT_COMMAND_SCOPE, commitmentId);
        return command(item);
      });
      return {
        result: {
          commitmentId,
          status: 201,
          revision: result.revision.toString(),
          position: result.position?.toString(),
          events: result.events.map((e) => ({
            id: e.id,
            type: e.type,
            revision: e.revision.toString(),
          })),
        },
        replayed: result.replayed,
      };
    } catch (error) {
      const problem = this.problemOf(error, request, `${list}/${index}`);
      return { result: { commitmentId, status: problem.status, problem }, replayed: false };
    }
  }

  /** The body the exception filter would send for `error`, its instance the item's pointer. */
  private problemOf(error: unknown, request: Request, pointer: string): ProblemDetails {
    let body: ProblemDetails | undefined;
    const response = {
      headersSent: false,
      status: () => response,
      type: () => response,
      send: (text: string) => {
        body = JSON.parse(text) as ProblemDetails;
      },
    };
    const itemRequest = {
      method: request.method,
      url: request.url,
      originalUrl: `${request.originalUrl ?? request.url}#/${pointer}`,
      headers: request.headers,
    };
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => itemRequest, getResponse: () => response }),
    } as unknown as ArgumentsHost;
    this.problems.catch(error, host);
    return body!;
  }
}
