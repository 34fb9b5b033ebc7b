import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ClsService } from 'nestjs-cls';
import {
  actionPlanDecider,
  actionPlanStreamName,
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  institutionDecider,
  institutionStreamName,
  organizationDecider,
  organizationStreamName,
  type Actor,
  type CommitmentEvent,
  type CommitmentState,
  type IsoDate,
  addDays,
  planDateOf,
} from '@hitos/domain';
import { Clock, CommandHandling, EventStore, type Decision } from '@hitos/event-store';
import { grantRole } from '../access/grant-role/grant-role.http.controller';
import { draftCommitment } from '../commitments/draft-commitment/draft-commitment.http.controller';
import { appConfig, type AppConfig } from '@hitos/config';
import {
  CONTEXT_ACTOR,
  CONTEXT_CORRELATION_ID,
  CONTEXT_IDEMPOTENCY_KEY,
  CONTEXT_NOW,
} from '../context/request-context';
import { planOfCommitment } from '../http/stream-refs';
import { demoCalendar, demoMoment, type DemoCalendar } from './demo-calendar';
import {
  DEMO_COMMITMENT_ID,
  DEMO_PLAN_ID,
  ILLUSTRATIVE,
  PILLAR_TEXT,
  actaAdministrator,
  actaCommitment,
  actaMilestones,
  actaSignatures,
  demoActors,
  demoGrants,
  demoInstitutions,
  demoOrganizations,
  demoPlan,
  illustrativeCommitments,
} from './demo-plan';

interface Step {
  /** The Idempotency-Key of the step: loading twice records each step once. */
  key: string;
  actor: Actor;
  /** When the step happened, on the plan's clock: the command's `now`. */
  now: string;
  /** The step's one command, run through command handling as its endpoint runs it. */
  command: () => Promise<unknown>;
}

export interface DemoReport {
  loaded: boolean;
  steps: number;
  tokens: { label: string; role: string; org?: string; token: string }[];
  describe(): string[];
}

const presidency: Actor = { id: 'demo-presidencia', role: 'presidency' };
const institution = (id: string): Actor => ({
  id: `demo-${id}`,
  role: 'institution',
  organizationId: id,
});
const counterpart = (id: string): Actor => ({
  id: `demo-${id}`,
  role: 'counterpart',
  organizationId: id,
});
/** The civil-society member of the plan's Core Group, concurring as themselves. */
const coreGroupMember: Actor = {
  id: 'gn-sociedad-civil',
  role: 'core-group',
  planId: DEMO_PLAN_ID,
};

/**
 * Loads the demo plan into a store that has no plan yet, through the same command handling as
 * the API (every rule applies, every event has its metadata), as the people who would do it: the
 * Presidency registers, the institutions draft and plan, both parties sign, report, review,
 * answer and reschedule. Each step carries the day it happened (its `now`, laid out by
 * {@link demoCalendar} around the load day) and runs in that order; hitos records it now. Each
 * step has a fixed Idempotency-Key, so a second run, or a run cut short and started again,
 * records nothing twice.
 */
@Injectable()
export class DemoLoader {
  private readonly logger = new Logger(DemoLoader.name);

  constructor(
    private readonly commands: CommandHandling,
    private readonly cls: ClsService,
    private readonly jwt: JwtService,
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** Loads the demo unless a plan with the demo's id exists already; tells where to start. */
  async loadIfEmpty(): Promise<DemoReport> {
    const present = await this.planExists();
    const steps = present ? [] : this.steps();
    for (const step of steps) await this.run(step);
    if (steps.length) this.logger.log(`demo loaded: ${steps.length} commands`);
    return this.report(!present, steps.length);
  }

  /** The demo's calendar for a load today, on the plan's clock. */
  calendar(): DemoCalendar {
    return demoCalendar(planDateOf(this.clock.now()));
  }

  /**
   * Every step, in the order it happened; public for tests that load the demo on their own
   * terms. Steps on one day keep the order they are listed in, a minute apart from 09:00.
   */
  steps(calendar: DemoCalendar = this.calendar()): Step[] {
    const listed: { key: string; actor: Actor; on: IsoDate; command: () => Promise<unknown> }[] =
      [];
    const add = (key: string, actor: Actor, on: IsoDate, command: () => Promise<unknown>) =>
      listed.push({ key: `demo:${key}`, actor, on, command });
    const { commands } = this;
    const cal = calendar;
    const { loadDay, period, signedOn } = cal;
    /** A decision on one commitment, run on its stream. */
    const onCommitment =
      (commitmentId: string, decide: Decision<CommitmentState, CommitmentEvent>) => () =>
        commands.handle(commitmentStreamName(commitmentId), commitmentDecider, decide);
    const beforeLoad = (days: number) => addDays(loadDay, -days);
    const afterLoad = (days: number) => addDays(loadDay, days);

    // Three weeks before the signature the Presidency registers the plan and its parties.
    const registered = addDays(signedOn, -21);
    const plan = {
      ...demoPlan,
      code: `EC-PAEA-${cal.year(2026)}-${cal.year(2027)}`,
      title: `Tercer Plan de Acción de Estado Abierto Ecuador ${cal.year(2026)}–${cal.year(2027)}`,
      period,
    };
    add('plan', presidency, registered, () =>
      commands.handle(
        actionPlanStreamName(plan.planId),
        actionPlanDecider,
        decideWith(actionPlanDecider, 'RegisterActionPlan', plan),
      ),
    );
    for (const i of demoInstitutions)
      add(`institution:${i.institutionId}`, presidency, registered, () =>
        commands.handle(
          institutionStreamName(i.institutionId),
          institutionDecider,
          decideWith(institutionDecider, 'RegisterInstitution', i),
        ),
      );
    for (const o of demoOrganizations)
      add(`organization:${o.organizationId}`, presidency, registered, () =>
        commands.handle(
          organizationStreamName(o.organizationId),
          organizationDecider,
          decideWith(organizationDecider, 'RegisterOrganization', o),
        ),
      );

    // The same day the Presidency grants the demo's people their roles, each with its reason
    // (who may act for whom is event-sourced: docs/access.md); the IRM's auditor on the day the
    // acta is signed.
    for (const g of demoGrants)
      add(`grant:${g.sub}`, presidency, g.role === 'auditor' ? signedOn : registered, () =>
        grantRole(commands, g.sub, {
          grantId: g.grantId,
          role: g.role,
          ...(g.organizationId ? { organizationId: g.organizationId } : {}),
          ...(g.role === 'core-group' ? { planId: plan.planId } : {}),
          reason: g.reason,
        }),
      );

    // The acta's commitment: drafted, planned, administered, signed by both parties on the
    // acta's day; then its first milestone done, the second rescheduled with the Core Group's
    // concurrence and its report objected and answered, the last two ahead.
    const mdt = institution('mdt');
    const fae = counterpart('fundacion-alianza-estrategica');
    const drafted = addDays(signedOn, -14);
    const planned = addDays(signedOn, -10);
    const administered = addDays(signedOn, -7);
    add('acta:draft', mdt, drafted, () =>
      draftCommitment(commands, DEMO_COMMITMENT_ID, { ...actaCommitment, period }),
    );
    const h1Due = cal.along(0.45);
    const h2Start = addDays(h1Due, 1);
    const h2Baseline = beforeLoad(Math.max(3, Math.round(0.1 * cal.elapsed)));
    const actaDates: Record<string, { start: IsoDate; due: IsoDate }> = {
      h1: { start: addDays(signedOn, 3), due: h1Due },
      h2: { start: h2Start, due: h2Baseline },
      h3: { start: afterLoad(61), due: afterLoad(90) },
      h4: { start: afterLoad(91), due: addDays(period.end, -15) },
    };
    for (const m of actaMilestones)
      add(
        `acta:milestone:${m.milestoneId}`,
        mdt,
        planned,
        onCommitment(
          DEMO_COMMITMENT_ID,
          decideWith(commitmentDecider, 'PlanMilestone', { ...m, ...actaDates[m.milestoneId] }),
        ),
      );
    add(
      'acta:administrator',
      mdt,
      administered,
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'DesignateAdministrator', actaAdministrator),
      ),
    );
    add(
      'acta:resource:technical',
      mdt,
      administered,
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'IdentifyResource', {
          resourceId: 'r1',
          kind: 'technical',
          description:
            'Equipo técnico de la Dirección de Mejora Continua e Innovación del Servicio Público',
        }),
      ),
    );
    const sign = {
      actaNumber: actaSignatures.actaNumber,
      signedOn,
      place: actaSignatures.place,
    };
    add(
      'acta:sign:institution',
      mdt,
      signedOn,
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'SignActa', {
          ...sign,
          signatory: actaSignatures.institution,
        }),
      ),
    );
    add(
      'acta:sign:counterpart',
      fae,
      signedOn,
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'SignActa', {
          ...sign,
          signatory: actaSignatures.counterpart,
        }),
      ),
    );
    const report = (
      key: string,
      on: IsoDate,
      data: { reportId: string; milestoneId: string; percent: number; narrative: string },
      evidence: { title: string; file: string; sha256: string },
    ) =>
      add(
        `acta:report:${key}`,
        mdt,
        on,
        onCommitment(
          DEMO_COMMITMENT_ID,
          decideWith(commitmentDecider, 'ReportMilestoneProgress', {
            ...data,
            evidence: [
              {
                title: evidence.title,
                url: `https://www.trabajo.gob.ec/gobierno-abierto/${evidence.file}`,
                sha256: evidence.sha256,
                classification: 'public',
              },
            ],
          }),
        ),
      );
    const review = (key: string, on: IsoDate, verdict: object) =>
      add(
        `acta:review:${key}`,
        fae,
        on,
        onCommitment(
          DEMO_COMMITMENT_ID,
          decideWith(commitmentDecider, 'ReviewProgressReport', verdict as never),
        ),
      );
    report(
      'h1',
      cal.along(0.2),
      {
        reportId: 'h1-informe-1',
        milestoneId: 'h1',
        percent: 60,
        narrative:
          'Diagnóstico levantado en 14 servicios priorizados; falta la validación territorial (ilustrativo).',
      },
      {
        title: 'Informe de diagnóstico (borrador)',
        file: 'diagnostico-calidad.pdf',
        sha256: 'a3f1c9b2e4d5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f70',
      },
    );
    review('h1', cal.along(0.25), { reportId: 'h1-informe-1', verdict: 'endorsed' });
    report(
      'h1:final',
      cal.along(0.4),
      {
        reportId: 'h1-informe-2',
        milestoneId: 'h1',
        percent: 100,
        narrative: 'Diagnóstico validado en talleres territoriales y publicado (ilustrativo).',
      },
      {
        title: 'Informe de diagnóstico (versión final)',
        file: 'diagnostico-calidad-final.pdf',
        sha256: 'c4e2d0a1b3f5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f801',
      },
    );
    review('h1:final', cal.along(0.42), { reportId: 'h1-informe-2', verdict: 'endorsed' });
    add(
      'acta:complete:h1',
      mdt,
      cal.along(0.43),
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'CompleteMilestone', { milestoneId: 'h1' }),
      ),
    );
    // Before its deadline, the standards need more time: the institution asks to move h2, and
    // the civil-society member of the Core Group concurs with their own account.
    add(
      'acta:reschedule-request:h2',
      mdt,
      cal.along(0.7),
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'RequestMilestoneReschedule', {
          requestId: 'h2-reprogramacion-1',
          milestoneId: 'h2',
          start: h2Start,
          due: afterLoad(60),
          justification:
            'La aprobación de los estándares requiere una consulta pública adicional (ilustrativo).',
        }),
      ),
    );
    add('acta:reschedule:h2', coreGroupMember, cal.along(0.72), async () => {
      const planRef = await planOfCommitment(commands, DEMO_COMMITMENT_ID);
      return commands.handle(
        commitmentStreamName(DEMO_COMMITMENT_ID),
        commitmentDecider,
        decideWith(commitmentDecider, 'ConcurMilestoneReschedule', {
          requestId: 'h2-reprogramacion-1',
          reference: `Acta de reunión del Grupo Núcleo GN-${cal.year(2026)}-07 (ilustrativo)`,
          context: { plan: planRef },
        }),
      );
    });
    report(
      'h2',
      cal.along(0.8),
      {
        reportId: 'h2-informe-1',
        milestoneId: 'h2',
        percent: 50,
        narrative: 'Borrador de estándares de calidad en consulta pública (ilustrativo).',
      },
      {
        title: 'Borrador de estándares de calidad',
        file: 'estandares-borrador.pdf',
        sha256: 'd5f3e1b2c4a6079889706b5c4d3e2f10a2b3c4d5e6f7081929a3b4c5d6e7f812',
      },
    );
    review('h2', cal.along(0.85), {
      reportId: 'h2-informe-1',
      verdict: 'objected',
      reasons: 'El borrador no incluye los aportes de los talleres territoriales (ilustrativo).',
    });
    add(
      'acta:answer:h2',
      mdt,
      cal.along(0.9),
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'AnswerObjection', {
          reportId: 'h2-informe-1',
          answer:
            'Se adjunta la matriz de aportes de los talleres y su incorporación al borrador (ilustrativo).',
        }),
      ),
    );

    // Citizens ask about the acta's commitment from its page: one question answered on time,
    // with the counterpart's view; one still waiting, within its days to answer.
    const citizen: Actor = { id: 'demo-ciudadania', role: 'public' };
    const answerDays = this.config.workflowPolicy.questionAnswerDays;
    const ask = (
      key: string,
      on: IsoDate,
      data: { questionId: string; text: string; askerName?: string },
    ) =>
      add(
        `acta:question:${key}`,
        citizen,
        on,
        onCommitment(
          DEMO_COMMITMENT_ID,
          decideWith(commitmentDecider, 'AskQuestion', { ...data, answerDays }),
        ),
      );
    ask('1', beforeLoad(12), {
      questionId: 'pregunta-encuesta',
      text: '¿Cuándo se publicarán los resultados de la encuesta de satisfacción de los servicios? (ilustrativo)',
      askerName: 'María Guamán',
    });
    add(
      'acta:question:1:answer',
      mdt,
      beforeLoad(7),
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'AnswerQuestion', {
          questionId: 'pregunta-encuesta',
          answer:
            'Los resultados se publicarán con el informe de diagnóstico, en el portal del Ministerio del Trabajo (ilustrativo).',
        }),
      ),
    );
    add(
      'acta:question:1:view',
      fae,
      beforeLoad(6),
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'AddQuestionCounterpartView', {
          questionId: 'pregunta-encuesta',
          view: 'La fecha coincide con lo acordado en la mesa técnica; daremos seguimiento (ilustrativo).',
        }),
      ),
    );
    ask('2', beforeLoad(3), {
      questionId: 'pregunta-talleres',
      text: '¿Habrá talleres de consulta sobre los estándares en las provincias amazónicas? (ilustrativo)',
    });

    // Eleven illustrative commitments, each taken as far as its stage says; the late ones have
    // a first milestone past due on the load day, the others are on time.
    const illustrativeSigned = addDays(signedOn, Math.max(3, Math.round(0.1 * cal.elapsed)));
    const reported = beforeLoad(Math.min(20, Math.round(0.3 * cal.elapsed)));
    const reviewed = beforeLoad(Math.min(10, Math.round(0.15 * cal.elapsed)));
    illustrativeCommitments.forEach((c, index) => {
      const actor = institution(c.institutionId);
      const party = counterpart(c.organizationId);
      const org = demoOrganizations.find((o) => o.organizationId === c.organizationId)!;
      add(`c:${c.id}:draft`, actor, drafted, () =>
        draftCommitment(commands, c.id, {
          commitmentId: c.id,
          planId: DEMO_PLAN_ID,
          number: index + 2,
          title: `${c.title} ${ILLUSTRATIVE}`,
          problem: `Problema público que atiende el compromiso "${c.title}" ${ILLUSTRATIVE}.`,
          statusQuo: `Situación de partida del compromiso ${ILLUSTRATIVE}.`,
          objective: `Objetivo del compromiso "${c.title}" ${ILLUSTRATIVE}.`,
          howItSolves: `Cómo contribuye a resolver el problema ${ILLUSTRATIVE}.`,
          relevance: { [c.pillar]: PILLAR_TEXT[c.pillar] },
          period,
          responsible: {
            institutionId: c.institutionId,
            unit: `Unidad responsable ${ILLUSTRATIVE}`,
          },
          counterpart: { organizationId: c.organizationId, sector: org.sector },
          supportingActors: [],
          contact: {
            name: `Punto de contacto ${ILLUSTRATIVE}`,
            position: 'Punto de contacto',
            email: `contacto.${c.institutionId}@example.gob.ec`,
          },
        }),
      );
      const firstDue = c.late
        ? beforeLoad(Math.max(7, Math.round(0.1 * cal.elapsed)))
        : afterLoad(45 + 5 * (index % 3));
      const dates = [
        [addDays(signedOn, 3), firstDue],
        [addDays(firstDue, 1), afterLoad(100)],
        [afterLoad(101), addDays(period.end, -16)],
      ];
      dates.forEach(([start, due], m) =>
        add(
          `c:${c.id}:milestone:${m + 1}`,
          actor,
          planned,
          onCommitment(
            c.id,
            decideWith(commitmentDecider, 'PlanMilestone', {
              milestoneId: `h${m + 1}`,
              deliverable: `Entregable ${m + 1} ${ILLUSTRATIVE}`,
              weight: m === 1 ? 40 : 30,
              start,
              due,
            }),
          ),
        ),
      );
      if (c.stage === 'draft') return;
      add(
        `c:${c.id}:administrator`,
        actor,
        administered,
        onCommitment(
          c.id,
          decideWith(commitmentDecider, 'DesignateAdministrator', {
            name: `Administrador/a del acta ${ILLUSTRATIVE}`,
            position: 'Director/a',
            unit: `Unidad responsable ${ILLUSTRATIVE}`,
            email: `acta.${c.institutionId}@example.gob.ec`,
          }),
        ),
      );
      const acta = {
        actaNumber: `DEMO-${String(index + 2).padStart(3, '0')}-${cal.year(2026)}`,
        signedOn: illustrativeSigned,
        place: 'Quito',
      };
      add(
        `c:${c.id}:sign:institution`,
        actor,
        illustrativeSigned,
        onCommitment(
          c.id,
          decideWith(commitmentDecider, 'SignActa', {
            ...acta,
            signatory: { name: `Máxima autoridad ${ILLUSTRATIVE}`, position: 'Máxima autoridad' },
          }),
        ),
      );
      add(
        `c:${c.id}:sign:counterpart`,
        party,
        illustrativeSigned,
        onCommitment(
          c.id,
          decideWith(commitmentDecider, 'SignActa', {
            ...acta,
            signatory: { name: `Representante ${ILLUSTRATIVE}`, position: 'Representante legal' },
          }),
        ),
      );
      if (c.stage !== 'reporting') return;
      add(
        `c:${c.id}:report:h1`,
        actor,
        reported,
        onCommitment(
          c.id,
          decideWith(commitmentDecider, 'ReportMilestoneProgress', {
            reportId: 'h1-informe-1',
            milestoneId: 'h1',
            percent: 40 + 10 * (index % 5),
            narrative: `Avance del primer hito ${ILLUSTRATIVE}.`,
            evidence: [
              {
                title: `Evidencia ${ILLUSTRATIVE}`,
                url: `https://example.gob.ec/${c.id}/evidencia-1.pdf`,
                sha256: 'b'.repeat(64),
                classification: index % 3 === 0 ? 'reserved' : 'public',
              },
            ],
          }),
        ),
      );
      add(
        `c:${c.id}:review:h1`,
        party,
        reviewed,
        onCommitment(
          c.id,
          decideWith(
            commitmentDecider,
            'ReviewProgressReport',
            index % 2 === 0
              ? { reportId: 'h1-informe-1', verdict: 'endorsed' }
              : {
                  reportId: 'h1-informe-1',
                  verdict: 'objected',
                  reasons: `La evidencia no muestra el avance declarado ${ILLUSTRATIVE}.`,
                },
          ),
        ),
      );
    });
    // In the order things happened (a stable sort: one day's steps keep their listed order).
    const ordered = [...listed].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    const minute = new Map<IsoDate, number>();
    return ordered.map(({ key, actor, on, command }) => {
      const n = minute.get(on) ?? 0;
      minute.set(on, n + 1);
      return { key, actor, now: demoMoment(on, n), command };
    });
  }

  private run(step: Step): Promise<unknown> {
    return this.cls.run(async () => {
      this.cls.set(CONTEXT_ACTOR, step.actor);
      this.cls.set(CONTEXT_IDEMPOTENCY_KEY, step.key.replace(/[^A-Za-z0-9._:-]/g, '-'));
      this.cls.set(CONTEXT_CORRELATION_ID, 'demo-load');
      this.cls.set(CONTEXT_NOW, step.now);
      return step.command();
    });
  }

  private async planExists(): Promise<boolean> {
    return (await this.store.lastEventOf(actionPlanStreamName(DEMO_PLAN_ID))) !== null;
  }

  private report(loaded: boolean, steps: number): DemoReport {
    const tokens = demoActors.map((a) => ({
      label: a.label,
      role: a.role,
      org: a.org,
      token: this.jwt.sign(
        { sub: a.sub, role: a.role, ...(a.org ? { org: a.org } : {}), name: a.label },
        { expiresIn: this.config.tokenTtlSeconds },
      ),
    }));
    return {
      loaded,
      steps,
      tokens,
      // The tokens are printed once, when the demo is loaded: a later start does not print
      // fresh bearer tokens into its log, it says where to get one.
      describe: () =>
        loaded
          ? [
              `Demo cargada / demo loaded: plan ${demoPlan.code}, acta ${actaSignatures.actaNumber} firmada el / signed on ${this.calendar().signedOn} y 11 compromisos ilustrativos (${steps} comandos; docs/demo.md).`,
              'Tokens de demostración / demo tokens (Authorization: Bearer …; se muestran solo esta vez / shown this once):',
              ...tokens.map(
                (t) => `  ${t.label} [${t.role}${t.org ? ` ${t.org}` : ''}]:\n    ${t.token}`,
              ),
              'Más tokens / more tokens: npm run token -- --role institution --org mdt',
            ]
          : [
              `Demo ya presente / demo already loaded: plan ${demoPlan.code} (nada se volvió a registrar / nothing recorded again).`,
              'Un token / a token: npm run token -- --role institution --org mdt  (o inicie sesión / or sign in: /auth/login)',
            ],
    };
  }
}
