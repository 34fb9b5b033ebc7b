import { ActionPlansModule } from './action-plans/action-plans.module';
import { DemoModule } from './demo/demo.module';
import { HttpSupportModule } from './http/http-support.module';

/** The resources of the write side, one module per stream category. */
export const WRITE_SIDE_MODULES = [HttpSupportModule, ActionPlansModule, DemoModule];
