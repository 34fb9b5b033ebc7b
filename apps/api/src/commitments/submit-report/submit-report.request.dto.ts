import { CLASSIFICATIONS, REPORT_AUDIENCES } from '@hitos/domain';
import { OneOf, OptionalId, Text } from '../../http/validation.decorators';
import { OptionalLink } from '../shared.request.dto';

/** A report to the Presidency, the IRM, the Core Group or the citizens (acta §4.3). */
export class SubmitReportRequestDto {
  @OptionalId({
    description: 'Chosen by the client, or made by the server',
    example: 'informe-semestral-1',
  })
  reportId?: string;
  @OneOf(REPORT_AUDIENCES, { example: 'citizens' })
  audience!: (typeof REPORT_AUDIENCES)[number];
  @Text(300, { example: 'Informe semestral de avance del compromiso' }) title!: string;
  @Text(4000, { example: 'Avance del diagnóstico y próximos pasos.' }) summary!: string;
  @OptionalLink({ example: 'https://www.trabajo.gob.ec/gobierno-abierto/informe-1.pdf' })
  link?: string;
  @OneOf(CLASSIFICATIONS, { example: 'public' })
  classification!: (typeof CLASSIFICATIONS)[number];
}
