import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { registryList } from '@hitos/read-models';
import { Public } from '../auth/auth.decorators';
import { ReadModels } from '../read-models/read-models.service';
import { DASHBOARD_HTML, DASHBOARD_JS } from './dashboard.page';

let CHART_JS: string | undefined;

/** The public dashboard at `/`. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(private readonly views: ReadModels) {}

  /** The page, with feed autodiscovery: an Atom link per registered plan in its head. */
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(): Promise<string> {
    const { db } = await this.views.open('registry');
    const links = registryList(db, 'plan')
      .map(({ state }) => state)
      .filter((plan) => plan.status === 'Registered')
      .map(
        (plan) =>
          `<link rel="alternate" type="application/atom+xml" title="${escapeHtml(plan.title)}" href="/api/open-data/action-plans/${encodeURIComponent(plan.planId)}/feed.atom">`,
      );
    return DASHBOARD_HTML.replace('</head>', `${links.join('\n')}\n</head>`);
  }

  /** Chart.js, from the installed package: the page loads nothing from other origins. */
  @Get('vendor/chart.umd.min.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  chartJs(): string {
    CHART_JS ??= readFileSync(
      join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
      'utf8',
    );
    return CHART_JS;
  }

  @Get('dashboard.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return DASHBOARD_JS;
  }
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
