import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandResult } from '@hitos/event-store';
import { etagOf } from '../context/request-context';

class RecordedEventDto {
  @ApiProperty({ example: '5f0c3a9e-6a5b-5c1e-9b1f-3f2a8d1c0e42' }) id!: string;
  @ApiProperty({ example: 'ActaSigned' }) type!: string;
  @ApiProperty({ example: '4', description: 'Revision of the event in its stream' })
  revision!: string;
}

/**
 * What every command answers: the resource, the stream revision it reached (also the `ETag`)
 * and the `$all` position, which a reader can wait for to see its own write. A request repeated
 * with its `Idempotency-Key` gets exactly the first answer (also after a restart, also after
 * later commands on the resource); only the `Idempotent-Replayed: true` header tells them apart.
 */
export class CommandResponseDto {
  @ApiProperty({ example: 'c3f1b1de-8f1a-4c55-9a57-1f5f1c0c2a10' }) id!: string;
  @ApiProperty({ example: 'commitment-c3f1b1de-8f1a-4c55-9a57-1f5f1c0c2a10' }) stream!: string;
  @ApiProperty({
    example: '4',
    description: 'Stream revision after the command; the ETag is W/"<revision>"',
  })
  revision!: string;
  @ApiPropertyOptional({
    example: '20512',
    description: '$all commit position of the last event appended',
  })
  position?: string;
  @ApiProperty({ type: [RecordedEventDto] }) events!: RecordedEventDto[];
}

export function commandResponse(
  id: string,
  result: CommandResult<unknown>,
  res: Response,
): CommandResponseDto {
  res.setHeader('ETag', etagOf(result.revision));
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return {
    id,
    stream: result.streamName,
    revision: result.revision.toString(),
    position: result.position?.toString(),
    events: result.events.map((e) => ({ id: e.id, type: e.type, revision: e.revision.toString() })),
  };
}

/** A DTO as plain JSON data (no class prototypes, no undefined fields), as events store it. */
export function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
