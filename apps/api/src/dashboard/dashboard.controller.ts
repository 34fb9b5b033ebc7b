import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { DASHBOARD_HTML, DASHBOARD_JS } from './dashboard.page';

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

  @Get('dashboard.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return DASHBOARD_JS;
  }
}
