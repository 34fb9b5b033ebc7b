import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { ORGANIZATION_SECTORS, SUPPORTING_SECTORS } from '@hitos/domain';
import {
  Id,
  Nested,
  OneOf,
  OptionalId,
  OptionalText,
  Text,
} from '../../http/validation.decorators';
import { Email } from '../shared.request.dto';
import { PeriodDto } from '../../http/period.dto';

/** Why each OGP pillar the commitment touches is relevant; at least one (a domain rule). */
export class RelevanceDto {
  @OptionalText(2000, {
    example: 'Publica en formato abierto los resultados de calidad de los servicios públicos.',
  })
  transparency?: string;
  @OptionalText(2000, { example: 'La ciudadanía evalúa los servicios y propone mejoras.' })
  participation?: string;
  @OptionalText(2000) collaboration?: string;
  @OptionalText(2000) accountability?: string;
}

export class ResponsibleDto {
  @Id({ example: 'mdt' }) institutionId!: string;
  @Text(300, { example: 'Dirección de Mejora Continua e Innovación del Servicio Público' })
  unit!: string;
}

export class CounterpartDto {
  @Id({ example: 'fundacion-alianza-estrategica' }) organizationId!: string;
  @OneOf(ORGANIZATION_SECTORS, { example: 'civil-society' })
  sector!: (typeof ORGANIZATION_SECTORS)[number];
}

export class SupportingActorDto {
  @Text(300, { example: 'Universidad Central del Ecuador' }) name!: string;
  @OneOf(SUPPORTING_SECTORS, { example: 'academia' })
  sector!: (typeof SUPPORTING_SECTORS)[number];
}

export class ContactDto {
  @Text(200, { example: 'Paola Benítez' }) name!: string;
  @Text(300, { example: 'Directora de Mejora Continua e Innovación del Servicio Público' })
  position!: string;
  @Email({ example: 'mejora.continua@trabajo.gob.ec' }) email!: string;
  @OptionalText(40, { example: '+593 2 381 4000' }) phone?: string;
}

/** OGP's commitment template (Anexo 2 of the acta). */
export class DraftCommitmentRequestDto {
  @OptionalId({
    description: 'Chosen by the client, or made by the server',
    example: 'calidad-servicios-publicos',
  })
  commitmentId?: string;
  @Id({ example: 'ec-paea-2026-2027' }) planId!: string;
  @IsInt()
  @Min(1)
  @Max(1000)
  @ApiProperty({ minimum: 1, maximum: 1000, example: 7, description: 'Position in the plan' })
  number!: number;
  @Text(300, { example: 'Implementación de la Política de Calidad de los Servicios Públicos' })
  title!: string;
  @Text(4000, {
    example:
      'La ciudadanía no cuenta con mecanismos para conocer ni incidir en la calidad de los servicios públicos que recibe.',
  })
  problem!: string;
  @Text(4000, {
    example:
      'Las instituciones miden la satisfacción de forma dispersa y sin publicar resultados comparables.',
  })
  statusQuo!: string;
  @Text(2000, {
    example:
      'Implementar la Política de Calidad de los Servicios Públicos con participación ciudadana y datos abiertos.',
  })
  objective!: string;
  @Text(4000, {
    example:
      'Publica estándares y resultados de calidad, y abre espacios de retroalimentación ciudadana.',
  })
  howItSolves!: string;
  @Nested(() => RelevanceDto)
  relevance!: RelevanceDto;
  @Nested(() => PeriodDto)
  period!: PeriodDto;
  @Nested(() => ResponsibleDto)
  responsible!: ResponsibleDto;
  @Nested(() => CounterpartDto)
  counterpart!: CounterpartDto;
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SupportingActorDto)
  @ApiProperty({ type: [SupportingActorDto] })
  supportingActors!: SupportingActorDto[];
  @Nested(() => ContactDto)
  contact!: ContactDto;
}
