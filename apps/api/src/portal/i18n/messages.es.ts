/**
 * The portal's words in Spanish, the first language. `messages.en.ts` must have every key
 * (its type is this object's): a missing translation does not compile.
 */
import type { CommitmentStatus, Pillar } from '@hitos/domain';
import type { TrafficLightColour, TrafficLightRules } from '@hitos/read-models';

export const ES = {
  site: {
    name: 'hitos',
    tagline: 'Compromisos de Gobierno Abierto',
    skipToContent: 'Saltar al contenido',
    switchLanguage: 'English',
    switchLanguageLabel: 'Read this page in English',
    nav: 'Navegación principal',
    home: 'Plan de acción',
    openData: 'Datos abiertos',
    api: 'API (OpenAPI)',
    myWork: 'Mi trabajo',
    audit: 'Verificar el historial',
    footer:
      'Información pública de los compromisos de Gobierno Abierto. El historial de cada cambio es verificable por cualquiera.',
    live: 'Esta página se actualiza sola cuando hay cambios.',
    updated: 'Actualizado',
    notFoundTitle: 'Página no encontrada',
    notFoundBody: 'No encontramos lo que busca. Puede volver al plan de acción.',
    reserved: 'contenido reservado',
    reservedExplained:
      'Las partes clasificaron este contenido como reservado o confidencial; se indica dónde estaba, sin mostrarlo.',
    none: 'Ninguno',
    recordedOn: (day: string) => `registrado en hitos el ${day}`,
    replayTitle: 'Réplica de solo lectura.',
    replayBody: (at: string) =>
      `Muestra el historial tal como hitos lo conocía el ${at}; nada de lo que se vea aquí puede cambiarse.`,
  },
  status: {
    Empty: 'Sin registrar',
    Draft: 'En preparación',
    InImplementation: 'En implementación',
    Completed: 'Cumplido',
    Closed: 'Cerrado',
    Withdrawn: 'Retirado',
    TransferPending: 'Transferencia en decisión',
    AwaitingHandover: 'En traspaso',
  } satisfies Record<CommitmentStatus, string>,
  pillar: {
    transparency: 'Transparencia',
    participation: 'Participación ciudadana',
    collaboration: 'Colaboración',
    accountability: 'Rendición de cuentas',
  } satisfies Record<Pillar, string>,
  light: {
    red: 'Rojo',
    amber: 'Amarillo',
    green: 'Verde',
    grey: 'Gris',
  } satisfies Record<TrafficLightColour, string>,
  /** Each colour's rule in plain words, for the legend, with the figures the rules use. */
  lightRule: (r: TrafficLightRules): Record<TrafficLightColour, string> => ({
    red: `Un hito venció sin cumplirse, una objeción espera respuesta más de ${r.objectionMaxAgeDays} días, o la fecha de un hito se movió ${r.redSlips} veces o más.`,
    amber: `Un hito vence en menos de ${r.dueSoonDays} días con menos del ${r.dueSoonMinProgress} % de avance avalado, tiene una objeción sin responder, lleva ${r.staleReportDays} días sin informe, o su fecha se movió.`,
    green: 'Los hitos avanzan en sus fechas, o se cumplieron.',
    grey: 'El compromiso no está en implementación (en preparación, cerrado, retirado o en transferencia) o aún no tiene hitos.',
  }),
  units: {
    commitment: { one: 'compromiso', other: 'compromisos' },
    milestone: { one: 'hito', other: 'hitos' },
    day: { one: 'día', other: 'días' },
    report: { one: 'informe', other: 'informes' },
    evidence: { one: 'evidencia', other: 'evidencias' },
  },
  plan: {
    title: 'Plan de acción',
    period: 'Periodo',
    overall: 'Avance general',
    overallExplained:
      'Promedio del avance de los compromisos vigentes; el avance de cada compromiso pondera sus hitos por su peso y cuenta solo el avance avalado por la contraparte.',
    byStatus: 'Compromisos por estado',
    byPillar: 'Avance por pilar',
    byInstitution: 'Avance por institución',
    completedByMonth: 'Hitos cumplidos por mes',
    questions: 'Preguntas ciudadanas respondidas a tiempo',
    questionsOnTime: (onTime: number, due: number, asked: number) =>
      `${onTime} de ${due} preguntas con respuesta debida fueron respondidas a tiempo (${asked} recibidas, sin contar las retiradas).`,
    questionsNoneDue: (asked: number) =>
      asked === 0
        ? 'Aún no se han hecho preguntas.'
        : `${asked} preguntas recibidas; ninguna con respuesta debida todavía.`,
    lights: 'Semáforo de los compromisos',
    lightsExplained: 'Cada compromiso toma el color del peor de sus hitos.',
    recent: 'Cambios recientes',
    overdue: 'Hitos vencidos',
    upcoming: 'Próximos hitos (30 días)',
    transfers: 'Transferencias en curso',
    successor: 'Institución sucesora',
    commitments: 'Compromisos',
    noPlan: 'Aún no hay un plan de acción registrado.',
    otherPlans: 'Otros planes de acción',
    history: 'Historial verificable',
    historyExplained:
      'Cada cambio queda en un registro de transparencia: hitos firma su estado con regularidad, y auditores independientes (testigos) pueden firmarlo también. Cualquiera puede comprobar, con herramientas estándar (RFC 6962), que el historial no fue reescrito.',
    checkpointEvents: 'Eventos registrados',
    checkpointSigned: 'Firmado',
    checkpointWitnesses: 'Testigos',
    notWitnessed: 'sin testigos',
    noCheckpoints: 'Aún no hay puntos de control firmados.',
    checkpointsTotal: (n: string) => `${n} puntos de control firmados; los más recientes:`,
    latestCheckpoint: 'Último punto de control',
    verifierKey: 'Clave de verificación',
    auditPackage: 'Paquete de auditoría del plan',
    progress: 'Avance',
    institution: 'Institución responsable',
    counterpart: 'Contraparte',
    dueOn: 'Vence',
    late: 'de atraso',
    overdueMilestones: { one: 'hito vencido', other: 'hitos vencidos' },
  },
};

export type Messages = typeof ES;
