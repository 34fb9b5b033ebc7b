import { Text } from '../../http/validation.decorators';

export class RevokeRoleRequestDto {
  @Text(2000, { example: 'Cesó en funciones (acción de personal MDT-2026-0977).' })
  reason!: string;
}
