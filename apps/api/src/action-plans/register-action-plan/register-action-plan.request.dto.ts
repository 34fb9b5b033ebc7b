import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches, ValidateNested } from 'class-validator';
import { CORE_GROUP_SECTORS } from '@hitos/domain';
import {
  Id,
  Nested,
  OneOf,
  OptionalId,
  OptionalText,
  Text,
} from '../../http/validation.decorators';
import { PeriodDto } from '../../http/period.dto';

export class CoreGroupMemberDto {
  @Id({ example: 'gn-sociedad-civil-1' }) memberId!: string;
  @Text(200, { example: 'María Fernanda Andrade' }) name!: string;
  @OneOf(CORE_GROUP_SECTORS, { example: 'civil-society' })
  sector!: (typeof CORE_GROUP_SECTORS)[number];
  @OptionalText(200, { example: 'Grupo FARO' }) organization?: string;
}

export class RegisterActionPlanRequestDto {
  @OptionalId({
    description: 'Chosen by the client, or made by the server',
    example: 'ec-2026-2027',
  })
  planId?: string;
  @Text(64, { example: 'EC-PAEA-2026-2027' }) code!: string;
  @Text(300, { example: 'Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027' })
  title!: string;
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as EC' })
  @ApiProperty({ example: 'EC', pattern: '^[A-Z]{2}$' })
  country!: string;
  @Nested(() => PeriodDto)
  period!: PeriodDto;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CoreGroupMemberDto)
  @ApiProperty({ type: [CoreGroupMemberDto] })
  coreGroup!: CoreGroupMemberDto[];
}
