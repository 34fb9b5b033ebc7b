import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { DASHBOARD_HTML } from './dashboard.page';

/** The public dashboard at `/`. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return DASHBOARD_HTML;
  }
}
