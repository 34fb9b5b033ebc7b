import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Body,
  Controller,
  Get,
  Header,
  Inject,
  Optional,
  Param,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DomainError } from '@hitos/domain';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import ts from 'typescript';
import { IgnoresSession, Public } from '../auth/auth.decorators';
import { AskQuestions } from '../commitments/ask-question/ask-question';
import { QuestionThrottlerGuard } from '../commitments/ask-question/question-throttler.guard';
import { ProblemException } from '../problem/problem.exception';
import { ReadModels } from '../read-models/read-models.service';
import { TransparencyLog } from '../transparency/transparency-log.service';
import { REPLAY_SERVING, type ReplayServing } from '../replay/replay-serving';
import { renderDocument } from './components/render';
import type { Locale } from './i18n/locale';
import { requestLocale } from './i18n/request-locale';
import { loadCommitmentPage } from './pages/commitment/commitment.data';
import { CommitmentPage } from './pages/commitment/commitment.page';
import { loadInstitutionPage } from './pages/institution/institution.data';
import { InstitutionPage } from './pages/institution/institution.page';
import { NotFoundPage } from './pages/not-found.page';
import { loadOrganizationPage } from './pages/organization/organization.data';
import { OrganizationPage } from './pages/organization/organization.page';
import { loadPlanPage, currentPlanId } from './pages/plan/plan.data';
import { PlanPage } from './pages/plan/plan.page';
import { portalPaths } from './portal-names';

/** The portal's paths outside `/api`: main.ts/app.setup.ts exclude them from the prefix. */
export const PORTAL_ROUTES = [
  '/',
  'planes/:planId',
  'compromisos/:commitmentId',
  'instituciones/:institutionId',
  'organizaciones/:organizationId',
  'portal.css',
  'portal.js',
] as const;

/**
 * The portal's forms, posted without script (outside `/api` too): asking a question. Each
 * answers with a redirect back to its page (see app.setup.ts for the prefix's exclusion).
 */
export const PORTAL_FORM_ROUTES = ['compromisos/:commitmentId/preguntas'] as const;

const ASSETS = join(__dirname, 'assets');
let STYLE: string | undefined;
let SCRIPT: string | undefined;

/**
 * The citizens' portal: server-rendered pages (Preact components rendered to HTML), Spanish
 * first with an English switch, public content only (the reader is whoever asks, with no
 * token: the anonymous public). See docs/portal.md.
 */
@ApiExcludeController()
@Controller()
export class PortalController {
  constructor(
    private readonly views: ReadModels,
    private readonly log: TransparencyLog,
    private readonly questions: AskQuestions,
    @Optional() @Inject(REPLAY_SERVING) private readonly replay: ReplayServing | null = null,
  ) {}

  @Get()
  @Public()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = requestLocale(req, res);
    const planId = await currentPlanId(this.views);
    if (!planId) return this.send(res, 200, PlanPage({ locale, data: null, path: '/' }));
    const data = await loadPlanPage(this.views, this.log, planId);
    this.send(res, 200, PlanPage({ locale, data, path: '/' }));
  }

  @Get('planes/:planId')
  @Public()
  async plan(@Param('planId') planId: string, @Req() req: Request, @Res() res: Response) {
    const locale = requestLocale(req, res);
    const data = await loadPlanPage(this.views, this.log, planId);
    if (!data) return this.notFound(res, locale, req.path);
    this.send(res, 200, PlanPage({ locale, data, path: req.path }));
  }

  @Get('compromisos/:commitmentId')
  @Public()
  async commitment(
    @Param('commitmentId') commitmentId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const locale = requestLocale(req, res);
    const data = await loadCommitmentPage(
      this.views,
      this.log,
      commitmentId,
      this.questions.answerDays,
    );
    if (!data) return this.notFound(res, locale, req.path);
    const outcome = typeof req.query.pregunta === 'string' ? req.query.pregunta : undefined;
    this.send(
      res,
      200,
      CommitmentPage({ locale, data: { ...data, questionOutcome: outcome }, path: req.path }),
    );
  }

  /**
   * The question form of the commitment page, posted without script: always anonymous (the
   * session is not read, so a signed-in person asks as anyone does, with no CSRF token to
   * carry), limited per address like the API's route. It answers with a redirect (303) back to
   * the page, whose `?pregunta=` says how it went: `enviada`, or the refusal's code.
   */
  @Post('compromisos/:commitmentId/preguntas')
  @Public()
  @IgnoresSession()
  @UseGuards(QuestionThrottlerGuard)
  async askQuestion(
    @Param('commitmentId') commitmentId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const field = (name: string) => {
      const value = body?.[name];
      return typeof value === 'string' && value.trim() !== '' ? value : undefined;
    };
    const back = (outcome: string) =>
      res.redirect(
        303,
        `${portalPaths.commitment(commitmentId)}?pregunta=${encodeURIComponent(outcome)}#preguntar`,
      );
    const email = field('email');
    if (email !== undefined && !isEmail(email.trim())) return back('INVALID_EMAIL');
    try {
      const { result } = await this.questions.ask(commitmentId, {
        text: field('text') ?? '',
        name: field('name'),
        email,
      });
      // The page it goes back to shows the question: wait (briefly) for the model to have it.
      if (result.position !== undefined)
        await this.views.openReflecting('commitment-detail', result.position);
      back('enviada');
    } catch (error) {
      if (DomainError.is(error)) return back(error.code);
      if (error instanceof ProblemException && error.status < 500) return back(error.code);
      throw error;
    }
  }

  @Get('instituciones/:institutionId')
  @Public()
  async institution(
    @Param('institutionId') institutionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const locale = requestLocale(req, res);
    const data = await loadInstitutionPage(this.views, institutionId);
    if (!data) return this.notFound(res, locale, req.path);
    this.send(res, 200, InstitutionPage({ locale, data, path: req.path }));
  }

  @Get('organizaciones/:organizationId')
  @Public()
  async organization(
    @Param('organizationId') organizationId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const locale = requestLocale(req, res);
    const data = await loadOrganizationPage(this.views, organizationId);
    if (!data) return this.notFound(res, locale, req.path);
    this.send(res, 200, OrganizationPage({ locale, data, path: req.path }));
  }

  @Get('portal.css')
  @Public()
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  style(): string {
    STYLE ??= readFileSync(join(ASSETS, 'portal.css'), 'utf8');
    return STYLE;
  }

  /** The live script, written in TypeScript and transpiled once with the compiler hitos ships. */
  @Get('portal.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    SCRIPT ??= ts.transpileModule(readFileSync(join(ASSETS, 'portal.client.ts'), 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None },
    }).outputText;
    return SCRIPT;
  }

  private notFound(res: Response, locale: Locale, path: string): void {
    this.send(res, 404, NotFoundPage({ locale, path }));
  }

  private send(res: Response, status: number, page: VNode): void {
    const context = { replayAt: this.replay?.manifest.at ?? null };
    res
      .status(status)
      .type('text/html; charset=utf-8')
      .setHeader('Cache-Control', 'no-cache')
      .send(renderDocument(page, context));
  }
}
