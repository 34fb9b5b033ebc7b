import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ClsService } from 'nestjs-cls';
import { Clock } from '@hitos/event-store';
import {
  NoticesStore,
  toRecipient,
  type Recipient,
  type RecipientRow,
  type RecipientScope,
} from '@hitos/notices';
import { appConfig, type AppConfig } from '@hitos/config';
import { ANONYMOUS, type Actor } from '../auth/actor';
import { Roles } from '../auth/auth.decorators';
import { CONTEXT_ACTOR } from '../context/request-context';
import { ProblemException } from '../problem/problem.exception';
import { RegisterRecipientRequestDto } from './recipients.request.dto';

const invalid = (field: string, es: string, en: string) =>
  new ProblemException(
    400,
    'VALIDATION_FAILED',
    {
      es: `La solicitud tiene campos no válidos: ${field}. ${es}`,
      en: `The request has invalid fields: ${field}. ${en}`,
    },
    { errors: [{ field, messages: [en] }] },
  );

const outOfScope = () =>
  new ProblemException(403, 'NOTICE_RECIPIENT_OUT_OF_SCOPE', {
    es: 'Solo puede registrar direcciones para el rol y la organización o el plan por los que actúa.',
    en: 'You may register addresses only for the role and the organization or plan you act for.',
  });

/** What a person may see and change: their own role's scope; the Presidency, everything. */
export function inScope(
  actor: Actor,
  row: Pick<RecipientRow, 'role' | 'organization_id' | 'plan_id'>,
): boolean {
  if (actor.role === 'presidency') return true;
  if (actor.role !== row.role) return false;
  if (row.role === 'core-group') return !!actor.planId && actor.planId === row.plan_id;
  if (row.role === 'institution' || row.role === 'counterpart')
    return !!actor.organizationId && actor.organizationId === row.organization_id;
  return false;
}

/**
 * Where each role's notices go (docs/notices.md): e-mail addresses and webhook endpoints,
 * registered per organization (or plan) and role. Personal data, kept out of the event log and
 * erased by DELETE.
 */
@ApiTags('notices')
@Controller('notices/recipients')
export class RecipientsHttpController {
  constructor(
    private readonly cls: ClsService,
    private readonly notices: NoticesStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  private actor(): Actor {
    return this.cls.get<Actor | undefined>(CONTEXT_ACTOR) ?? ANONYMOUS;
  }

  @Get()
  @Roles('presidency', 'core-group', 'institution', 'counterpart')
  @ApiOperation({
    summary: 'Direcciones para avisos / notice recipients',
    description:
      'The addresses and endpoints registered in the actor’s scope (the Presidency sees all). Secrets are never shown again.',
  })
  @ApiOkResponse({ description: 'The recipients' })
  list(): { recipients: Recipient[] } {
    const actor = this.actor();
    return {
      recipients: this.notices
        .recipients()
        .filter((row) => inScope(actor, row))
        .map(toRecipient),
    };
  }

  @Post()
  @HttpCode(201)
  @Roles('presidency', 'core-group', 'institution', 'counterpart')
  @ApiOperation({
    summary: 'Registrar una dirección para avisos / register a notice recipient',
    description:
      'An e-mail address (`address`) or a webhook endpoint (`url`) for a role and its organization or plan. A webhook’s signing secret (`whsec_…`, Standard Webhooks) is in this answer only.',
  })
  @ApiCreatedResponse({ description: 'The recipient, and for a webhook its secret' })
  register(@Body() body: RegisterRecipientRequestDto) {
    const actor = this.actor();
    const presidency = actor.role === 'presidency';
    let scope: RecipientScope;
    if (body.role === 'institution' || body.role === 'counterpart') {
      const organizationId = body.organizationId ?? (presidency ? undefined : actor.organizationId);
      if (!organizationId)
        throw invalid(
          'organizationId',
          'Es obligatorio para este rol.',
          'It is required for this role.',
        );
      if (body.planId !== undefined)
        throw invalid('planId', 'No se usa con este rol.', 'It is not used by this role.');
      scope = { kind: 'organization', organizationId };
    } else if (body.role === 'core-group') {
      const planId = body.planId ?? (presidency ? undefined : actor.planId);
      if (!planId)
        throw invalid(
          'planId',
          'Es obligatorio para el Grupo Núcleo.',
          'It is required for core-group.',
        );
      if (body.organizationId !== undefined)
        throw invalid('organizationId', 'No se usa con este rol.', 'It is not used by this role.');
      scope = { kind: 'plan', planId };
    } else {
      if (body.organizationId !== undefined || body.planId !== undefined)
        throw invalid(
          body.organizationId !== undefined ? 'organizationId' : 'planId',
          'No se usa con la Presidencia.',
          'It is not used by presidency.',
        );
      scope = { kind: 'presidency' };
    }
    if (body.digest && body.role !== 'core-group')
      throw invalid(
        'digest',
        'Solo el Grupo Núcleo recibe el resumen semanal.',
        'Only core-group recipients get the weekly digest.',
      );
    let address: string;
    if (body.channel === 'email') {
      if (!body.address)
        throw invalid('address', 'Falta la dirección de correo.', 'An e-mail address is required.');
      if (body.url !== undefined) throw invalid('url', 'Solo para webhooks.', 'Only for webhooks.');
      address = body.address;
    } else {
      if (!body.url)
        throw invalid('url', 'Falta la URL del webhook.', 'A webhook URL is required.');
      if (body.address !== undefined)
        throw invalid('address', 'Solo para correo.', 'Only for e-mail.');
      let parsed: URL | undefined;
      try {
        parsed = new URL(body.url);
      } catch {
        parsed = undefined;
      }
      const allowed = this.config.production ? ['https:'] : ['https:', 'http:'];
      if (!parsed || !allowed.includes(parsed.protocol) || parsed.username || parsed.password)
        throw invalid(
          'url',
          this.config.production
            ? 'Debe ser una URL https:// sin credenciales.'
            : 'Debe ser una URL http(s):// sin credenciales.',
          this.config.production
            ? 'It must be an https:// URL without credentials.'
            : 'It must be an http(s):// URL without credentials.',
        );
      address = parsed.toString();
    }
    const row = {
      role: body.role,
      organization_id: scope.kind === 'organization' ? scope.organizationId : null,
      plan_id: scope.kind === 'plan' ? scope.planId : null,
    };
    if (!inScope(actor, row)) throw outOfScope();
    const { recipient, secret } = this.notices.register(
      {
        scope,
        role: body.role,
        channel: body.channel,
        address,
        language: body.language ?? null,
        digest: body.digest ?? false,
        createdBy: actor.id,
      },
      this.clock.now(),
    );
    return secret ? { recipient, secret } : { recipient };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('presidency', 'core-group', 'institution', 'counterpart')
  @ApiOperation({
    summary: 'Borrar una dirección / remove a notice recipient',
    description:
      'Erases the address or endpoint (and its secret); its pending notices are dropped.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  remove(@Param('id') id: string): void {
    this.erase(id);
  }

  /** The same as DELETE, for forms (the workspace sends commands as POST). */
  @Post(':id/removal')
  @HttpCode(200)
  @Roles('presidency', 'core-group', 'institution', 'counterpart')
  @ApiOperation({
    summary: 'Borrar una dirección (formulario) / remove a notice recipient (form)',
    description: 'As `DELETE /api/notices/recipients/:id`, for clients that only POST.',
  })
  @ApiOkResponse({ description: '{ id, removed: true }' })
  removal(@Param('id') id: string): { id: string; removed: true } {
    this.erase(id);
    return { id, removed: true };
  }

  private erase(id: string): void {
    const row = this.notices.recipientRow(id);
    if (!row || !inScope(this.actor(), row)) {
      throw new ProblemException(404, 'NOTICE_RECIPIENT_NOT_FOUND', {
        es: `No hay una dirección ${id} a su alcance.`,
        en: `There is no recipient ${id} within your scope.`,
      });
    }
    this.notices.remove(id);
  }
}
