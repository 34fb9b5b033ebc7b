/**
 * Fixtures for the institution and organization pages' unit specs: a registry in an in-memory
 * SQLite (the names), and list items shaped like the read models' rows. No I/O.
 */
import Database from 'better-sqlite3';
import type { CommitmentListItem, TrafficLight } from '@hitos/read-models';
import { PortalNames } from '../../portal-names';

export function namesOf(entries: { kind: string; id: string; state: unknown }[]): PortalNames {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE registry_entry (kind TEXT, id TEXT, state_json TEXT, revision INTEGER,
    position TEXT, PRIMARY KEY (kind, id))`);
  const insert = db.prepare(`INSERT INTO registry_entry VALUES (?, ?, ?, 0, '1')`);
  for (const e of entries) insert.run(e.kind, e.id, JSON.stringify(e.state));
  const names = PortalNames.read(db);
  db.close();
  return names;
}

export const light = (colour: TrafficLight['colour']): TrafficLight => ({
  colour,
  rule: { code: 'ON_TRACK', es: 'En plazo.', en: 'On track.' },
});

export function listItem(
  over: Partial<CommitmentListItem> & Pick<CommitmentListItem, 'commitmentId' | 'title'>,
): CommitmentListItem {
  return {
    planId: 'plan-a',
    number: 1,
    status: 'InImplementation',
    progress: 11.3,
    responsible: { institutionId: 'mdt', unit: 'Dirección' },
    counterpart: { organizationId: 'fae', sector: 'civil-society' },
    pillars: ['transparency'],
    period: { start: '2026-01-01', end: '2027-12-31' },
    revision: 3,
    position: '10',
    updatedAt: '2026-11-24T15:00:00.000Z',
    ...over,
  };
}

/** The registry: two ministries (one merged into the other), two organizations, one plan. */
export const registry = [
  {
    kind: 'plan',
    id: 'plan-a',
    state: { status: 'Registered', planId: 'plan-a', title: 'Plan A', code: 'PA' },
  },
  {
    kind: 'institution',
    id: 'mdt',
    state: {
      status: 'Active',
      institutionId: 'mdt',
      name: 'Ministerio del Trabajo',
      acronym: 'MDT',
      stateFunction: 'executive',
      governmentLevel: 'national',
      formerNames: ['Ministerio de Relaciones Laborales'],
      redesigns: [
        {
          institutionId: 'mdt',
          kind: 'renamed',
          legalInstrument: 'Decreto Ejecutivo No. 500',
          effectiveOn: '2020-03-01',
          successorIds: [],
          newName: 'Ministerio del Trabajo',
        },
      ],
    },
  },
  {
    kind: 'institution',
    id: 'old-agency',
    state: {
      status: 'Ended',
      institutionId: 'old-agency',
      name: 'Secretaría de Empleo',
      acronym: 'SE',
      stateFunction: 'transparency-and-social-control',
      governmentLevel: 'provincial',
      formerNames: [],
      redesigns: [
        {
          institutionId: 'old-agency',
          kind: 'merged',
          legalInstrument: 'Decreto Ejecutivo No. 123',
          effectiveOn: '2026-11-01',
          successorIds: ['mdt'],
        },
      ],
      endedBy: 'merged',
      endedOn: '2026-11-01',
      successorIds: ['mdt'],
    },
  },
  {
    kind: 'organization',
    id: 'fae',
    state: {
      status: 'Registered',
      organizationId: 'fae',
      name: 'Fundación Alianza Estratégica',
      sector: 'civil-society',
      representative: { name: 'Ana Pérez', position: 'Directora Ejecutiva' },
    },
  },
  {
    kind: 'organization',
    id: 'uni',
    state: {
      status: 'Registered',
      organizationId: 'uni',
      name: 'Universidad Central',
      sector: 'academia',
      representative: null,
    },
  },
];
