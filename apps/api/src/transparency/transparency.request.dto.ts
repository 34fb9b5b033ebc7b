import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Length, Min } from 'class-validator';

/** `?eventId=&treeSize=`: the event whose inclusion is asked, in the tree of that size. */
export class InclusionQueryDto {
  @IsUUID()
  @ApiProperty({ description: 'The event id (UUID) as the store holds it' })
  eventId!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @ApiProperty({ minimum: 1, description: 'A tree size, e.g. that of a checkpoint you hold' })
  treeSize!: number;
}

/** `?from=&to=`: two tree sizes, the older first. */
export class ConsistencyQueryDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @ApiProperty({ minimum: 1 })
  from!: number;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @ApiProperty({ minimum: 1 })
  to!: number;
}

/** A witness's co-signature: the log's checkpoint note with the witness's signature added. */
export class CosignRequestDto {
  @IsString()
  @Length(1, 16_000)
  @ApiProperty({ description: 'The checkpoint note as served, with your signature line added' })
  note!: string;

  @IsString()
  @Length(1, 300)
  @ApiProperty({
    description: 'Your verifier key: `<name>+<8 hex>+<base64 of 0x01 ‖ Ed25519 public key>`',
  })
  verifierKey!: string;
}
