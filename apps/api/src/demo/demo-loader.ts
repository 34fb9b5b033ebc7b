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
} from '@hitos/domain';
import { CommandHandling, EventStore, type Decision } from '@hitos/event-store';
import { draftCommitment } from '../commitments/draft-commitment/draft-commitment.http.controller';
import { appConfig, type AppConfig } from '@hitos/config';
import {
  CONTEXT_ACTOR,
  CONTEXT_CORRELATION_ID,
  CONTEXT_IDEMPOTENCY_KEY,
} from '../context/request-context';
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
  demoInstitutions,
  demoOrganizations,
  demoPlan,
  illustrativeCommitments,
} from './demo-plan';

interface Step {
  /** The Idempotency-Key of the step: loading twice records each step once. */
  key: string;
  actor: Actor;
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

/**
 * Loads the demo plan into a store that has no plan yet, through the same command handling as
 * the API (every rule applies, every event has its metadata), as the people who would do it: the
 * Presidency registers, the institutions draft and plan, both parties sign. Each step has a
 * fixed Idempotency-Key, so a second run, or a run cut short and started again, records
 * nothing twice.
 */
@Injectable()
export class DemoLoader {
  private readonly logger = new Logger(DemoLoader.name);

  constructor(
    private readonly commands: CommandHandling,
    private readonly cls: ClsService,
    private readonly jwt: JwtService,
    private readonly store: EventStore,
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

  /** Every step, in order; public for tests that load the demo on their own terms. */
  steps(): Step[] {
    const steps: Step[] = [];
    const add = (key: string, actor: Actor, command: () => Promise<unknown>) =>
      steps.push({ key: `demo:${key}`, actor, command });
    const { commands } = this;
    /** A decision on one commitment, run on its stream. */
    const onCommitment =
      (commitmentId: string, decide: Decision<CommitmentState, CommitmentEvent>) => () =>
        commands.handle(commitmentStreamName(commitmentId), commitmentDecider, decide);

    add('plan', presidency, () =>
      commands.handle(
        actionPlanStreamName(demoPlan.planId),
        actionPlanDecider,
        decideWith(actionPlanDecider, 'RegisterActionPlan', demoPlan),
      ),
    );
    for (const i of demoInstitutions)
      add(`institution:${i.institutionId}`, presidency, () =>
        commands.handle(
          institutionStreamName(i.institutionId),
          institutionDecider,
          decideWith(institutionDecider, 'RegisterInstitution', i),
        ),
      );
    for (const o of demoOrganizations)
      add(`organization:${o.organizationId}`, presidency, () =>
        commands.handle(
          organizationStreamName(o.organizationId),
          organizationDecider,
          decideWith(organizationDecider, 'RegisterOrganization', o),
        ),
      );

    // The acta's commitment: drafted, planned, administered, signed by both parties.
    const mdt = institution('mdt');
    const fae = counterpart('fundacion-alianza-estrategica');
    add('acta:draft', mdt, () => draftCommitment(commands, DEMO_COMMITMENT_ID, actaCommitment));
    for (const m of actaMilestones)
      add(
        `acta:milestone:${m.milestoneId}`,
        mdt,
        onCommitment(DEMO_COMMITMENT_ID, decideWith(commitmentDecider, 'PlanMilestone', m)),
      );
    add(
      'acta:administrator',
      mdt,
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'DesignateAdministrator', actaAdministrator),
      ),
    );
    add(
      'acta:resource:technical',
      mdt,
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
      signedOn: actaSignatures.signedOn,
      place: actaSignatures.place,
    };
    add(
      'acta:sign:institution',
      mdt,
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
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'SignActa', {
          ...sign,
          signatory: actaSignatures.counterpart,
        }),
      ),
    );
    add(
      'acta:report:h1',
      mdt,
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'ReportMilestoneProgress', {
          reportId: 'h1-informe-1',
          milestoneId: 'h1',
          percent: 60,
          narrative:
            'Diagnóstico levantado en 14 servicios priorizados; falta la validación territorial (ilustrativo).',
          evidence: [
            {
              title: 'Informe de diagnóstico (borrador)',
              url: 'https://www.trabajo.gob.ec/gobierno-abierto/diagnostico-calidad.pdf',
              sha256: 'a3f1c9b2e4d5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f70',
              classification: 'public',
            },
          ],
        }),
      ),
    );
    add(
      'acta:review:h1',
      fae,
      onCommitment(
        DEMO_COMMITMENT_ID,
        decideWith(commitmentDecider, 'ReviewProgressReport', {
          reportId: 'h1-informe-1',
          verdict: 'endorsed',
        }),
      ),
    );

    // Eleven illustrative commitments, each taken as far as its stage says.
    illustrativeCommitments.forEach((c, index) => {
      const actor = institution(c.institutionId);
      const party = counterpart(c.organizationId);
      const org = demoOrganizations.find((o) => o.organizationId === c.organizationId)!;
      add(`c:${c.id}:draft`, actor, () =>
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
          period: { start: '2026-01-01', end: '2027-12-31' },
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
      const dates = [
        ['2026-02-01', '2026-09-30'],
        ['2026-10-01', '2027-05-31'],
        ['2027-06-01', '2027-12-15'],
      ];
      dates.forEach(([start, due], m) =>
        add(
          `c:${c.id}:milestone:${m + 1}`,
          actor,
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
        actaNumber: `DEMO-${String(index + 2).padStart(3, '0')}-2026`,
        signedOn: '2026-02-16',
        place: 'Quito',
      };
      add(
        `c:${c.id}:sign:institution`,
        actor,
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
    return steps;
  }

  private run(step: Step): Promise<unknown> {
    return this.cls.run(async () => {
      this.cls.set(CONTEXT_ACTOR, step.actor);
      this.cls.set(CONTEXT_IDEMPOTENCY_KEY, step.key.replace(/[^A-Za-z0-9._:-]/g, '-'));
      this.cls.set(CONTEXT_CORRELATION_ID, 'demo-load');
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
      describe: () => [
        loaded
          ? `Demo cargada / demo loaded: plan ${demoPlan.code}, acta ${actaSignatures.actaNumber} y 11 compromisos ilustrativos (${steps} comandos).`
          : `Demo ya presente / demo already loaded: plan ${demoPlan.code} (nada se volvió a registrar / nothing recorded again).`,
        'Tokens de demostración / demo tokens (Authorization: Bearer …):',
        ...tokens.map(
          (t) => `  ${t.label} [${t.role}${t.org ? ` ${t.org}` : ''}]:\n    ${t.token}`,
        ),
        'Más tokens / more tokens: npm run token -- --role institution --org mdt',
      ],
    };
  }
}
