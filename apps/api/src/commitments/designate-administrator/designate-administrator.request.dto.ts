import { Text } from '../../http/validation.decorators';
import { Email } from '../shared.request.dto';

/** The official who administers the acta (acta §4.1 e). */
export class DesignateAdministratorRequestDto {
  @Text(200, { example: 'Paola Benítez' }) name!: string;
  @Text(300, { example: 'Directora de Mejora Continua e Innovación del Servicio Público' })
  position!: string;
  @Text(300, { example: 'Dirección de Mejora Continua e Innovación del Servicio Público' })
  unit!: string;
  @Email({ example: 'mejora.continua@trabajo.gob.ec' }) email!: string;
}
