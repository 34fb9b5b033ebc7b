import { Text } from '../../http/validation.decorators';

export class WithdrawCommitmentRequestDto {
  @Text(2000, { example: 'El Grupo Núcleo resolvió retirar el compromiso del plan.' })
  reason!: string;
}
