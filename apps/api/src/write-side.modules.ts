import { AccessModule } from './access/access.module';
import { ActionPlansModule } from './action-plans/action-plans.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { DemoModule } from './demo/demo.module';
import { InstitutionsModule } from './institutions/institutions.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { QuestionsModule } from './commitments/questions.module';

/** The resources of the write side, one module per stream category. */
export const WRITE_SIDE_MODULES = [
  ActionPlansModule,
  InstitutionsModule,
  OrganizationsModule,
  CommitmentsModule,
  QuestionsModule,
  AccessModule,
  DemoModule,
];
