import { DateField } from './validation.decorators';

/** A period of calendar dates; that it ends after it starts is a domain rule. */
export class PeriodDto {
  @DateField({ example: '2026-01-01' }) start!: string;
  @DateField({ example: '2027-12-31' }) end!: string;
}
