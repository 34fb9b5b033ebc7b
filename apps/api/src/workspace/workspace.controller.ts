import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import type { VNode } from 'preact';
import ts from 'typescript';
import type { PersonRole } from '@hitos/domain';
import { NoticesStore } from '@hitos/notices';
import { REGISTRY } from '@hitos/read-models';
import { ANONYMOUS, type Actor } from '../auth/actor';
import { Public } from '../auth/auth.decorators';
import { CONTEXT_ACTOR } from '../context/request-context';
import { CONTEXT_PERSON, CSRF_COOKIE, type SignedInPerson } from '../auth/credentials';
import { renderDocument } from '../portal/components/render';
import { requestLocale } from '../portal/i18n/request-locale';
import { currentPlanId } from '../portal/pages/plan/plan.data';
import { PortalNames } from '../portal/portal-names';
import { inScope } from '../notices/recipients.http.controller';
import { ReadModels } from '../read-models/read-models.service';
import type { Person } from './components/workspace-layout';
import { FormMissingPage, FormPage, NoGrantPage } from './form-page/form.page';
import { formById } from './forms/forms';
import { buildTodo } from './todo/todo';
import { loadTodoInputs } from './todo/todo.data';
import { TodoPage } from './todo/todo.page';

/** The workspace's paths outside `/api`: app.setup.ts excludes them from the prefix. */
export const WORKSPACE_ROUTES = ['trabajo', 'trabajo/:formId', 'workspace.js'] as const;

/** A person signed in: any role but the anonymous public's (and never hitos's own `system`). */
type SignedIn = Actor & { role: PersonRole };

const ASSETS = join(__dirname, '..', 'portal', 'assets');
let SCRIPT: string | undefined;

/**
 * The parties' workspace (docs/workspace.md): `/trabajo`, what waits for the signed-in person,
 * and `/trabajo/:formId`, the forms that do it. Server-rendered like the portal; the forms are
 * sent by `/workspace.js` to the JSON API's own commands, so every rule, error and guarantee
 * (idempotency, If-Match, roles, scope) is the API's. An anonymous reader is sent to sign in.
 */
@ApiExcludeController()
@Controller()
export class WorkspaceController {
  constructor(
    private readonly views: ReadModels,
    private readonly cls: ClsService,
    private readonly notices: NoticesStore,
  ) {}

  @Get('trabajo')
  @Public()
  async todo(@Req() req: Request, @Res() res: Response): Promise<void> {
    const actor = this.signedIn(req, res);
    if (!actor) return;
    const locale = requestLocale(req, res);
    const person = await this.person(actor);
    const items = buildTodo(actor.role, await loadTodoInputs(this.views, actor));
    const planId = actor.role === 'auditor' ? await currentPlanId(this.views) : null;
    // Where their notices go (e-mail; webhooks too, registered through the API).
    const recipients =
      actor.role === 'auditor'
        ? null
        : this.notices
            .recipients()
            .filter((row) => inScope(actor, row))
            .map((row) => ({
              id: row.id,
              role: row.role,
              channel: row.channel,
              address: row.address,
              digest: row.digest === 1,
            }));
    this.send(
      res,
      200,
      TodoPage({
        locale,
        path: pathOf(req),
        person,
        csrf: csrfOf(req),
        items,
        planId,
        recipients,
      }),
    );
  }

  @Get('trabajo/:formId')
  @Public()
  async form(
    @Param('formId') formId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const actor = this.signedIn(req, res);
    if (!actor) return;
    const locale = requestLocale(req, res);
    const person = await this.person(actor);
    const frame = { locale, path: pathOf(req), person, csrf: csrfOf(req) };
    const form = formById(formId);
    if (!form) return this.send(res, 404, FormMissingPage({ ...frame, notAllowed: false }));
    if (!form.roles.includes(actor.role))
      return this.send(res, 403, FormMissingPage({ ...frame, notAllowed: true }));
    const values: Record<string, string> = {};
    // The person's own institution or organization, where the form asks for it.
    for (const field of form.fields) {
      if (field.prefill === 'organization' && actor.organizationId)
        values[field.name] = actor.organizationId;
      if (field.prefill === 'role') values[field.name] = actor.role;
    }
    for (const [name, value] of Object.entries(req.query))
      if (typeof value === 'string' && name !== 'lang') values[name] = value;
    // A new key each time the page is rendered; the script keeps it across retries of the form.
    this.send(res, 200, FormPage({ ...frame, form, values, idempotencyKey: randomUUID() }));
  }

  /** The workspace's script, transpiled once like the portal's. */
  @Get('workspace.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    SCRIPT ??= ts.transpileModule(readFileSync(join(ASSETS, 'workspace.ts'), 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None },
    }).outputText;
    return SCRIPT;
  }

  /** The signed-in person, or a 303 to sign in (and back here) for an anonymous reader. */
  private signedIn(req: Request, res: Response): SignedIn | null {
    const actor: Actor = this.cls.get(CONTEXT_ACTOR) ?? ANONYMOUS;
    if (actor.role !== 'public' && actor.role !== 'system') return actor as SignedIn;
    const person = this.cls.get<SignedInPerson | undefined>(CONTEXT_PERSON);
    if (person?.via === 'session') {
      // Signed in, under no grant yet: several to choose from, or none (the page says so).
      res
        .status(303)
        .setHeader('Cache-Control', 'no-store')
        .location(`/auth/rol?returnTo=${encodeURIComponent(req.originalUrl)}`)
        .end();
      return null;
    }
    if (person) {
      // Signed in, but reading as the public: a person of the identity provider without an
      // active grant of their role (the guard lets them read public pages only). Sending them
      // to sign in again would go round in a loop; say why instead.
      const locale = requestLocale(req, res);
      this.send(res, 403, NoGrantPage({ locale, path: pathOf(req) }));
      return null;
    }
    res
      .status(303)
      .setHeader('Cache-Control', 'no-store')
      .location(`/auth/login?returnTo=${encodeURIComponent(req.originalUrl)}`)
      .end();
    return null;
  }

  private async person(actor: SignedIn): Promise<Person> {
    const org = actor.organizationId;
    const name = this.cls.get<SignedInPerson | undefined>(CONTEXT_PERSON)?.name ?? null;
    if (!org || (actor.role !== 'institution' && actor.role !== 'counterpart'))
      return { role: actor.role, organization: null, name };
    const names = PortalNames.read((await this.views.open(REGISTRY)).db);
    return {
      name,
      role: actor.role,
      organization: actor.role === 'institution' ? names.institution(org) : names.organization(org),
    };
  }

  private send(res: Response, status: number, page: VNode): void {
    res
      .status(status)
      .type('text/html; charset=utf-8')
      // A person's own page: never kept by a shared cache.
      .setHeader('Cache-Control', 'private, no-store')
      .send(renderDocument(page));
  }
}

/** The page's path with its query but `lang`: the language switch keeps what the page was about. */
function pathOf(req: Request): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(req.query))
    if (name !== 'lang' && typeof value === 'string') query.append(name, value);
  const search = query.toString();
  return search ? `${req.path}?${search}` : req.path;
}

/** The `hitos_csrf` cookie's value (empty without one), for the sign-out form's `_csrf`. */
export function csrfOf(req: Request): string {
  return (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE] ?? '';
}
