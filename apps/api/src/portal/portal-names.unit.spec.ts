import Database from 'better-sqlite3';
import { registryProjection } from '@hitos/read-models';
import { PortalNames } from './portal-names';

/** A registry model with two institutions and one organization, written by its own handlers. */
function registry() {
  const db = new Database(':memory:');
  db.exec(registryProjection.schema);
  const put = db.prepare(
    `INSERT INTO registry_entry (kind, id, state_json, revision, position) VALUES (?, ?, ?, 0, '0')`,
  );
  put.run(
    'institution',
    'mdt',
    JSON.stringify({
      status: 'Active',
      institutionId: 'mdt',
      name: 'Ministerio del Trabajo',
      acronym: 'MDT',
    }),
  );
  put.run(
    'institution',
    'mpt',
    JSON.stringify({
      status: 'Active',
      institutionId: 'mpt',
      name: 'Ministerio de Producción y Trabajo',
      acronym: 'MPT',
    }),
  );
  put.run(
    'organization',
    'fae',
    JSON.stringify({
      status: 'Registered',
      organizationId: 'fae',
      name: 'Fundación Alianza Estratégica',
      sector: 'civil-society',
    }),
  );
  return db;
}

describe('names for ids in an audit line', () => {
  it('names the institutions and organizations a sentence cites, whole ids only', () => {
    const names = PortalNames.read(registry());
    expect(names.nameIds('Institución mdt fusionada en mpt.')).toBe(
      'Institución Ministerio del Trabajo fusionada en Ministerio de Producción y Trabajo.',
    );
    expect(names.nameIds('La contraparte fae avaló el informe mdt-2 (hito h1).')).toBe(
      'La contraparte Fundación Alianza Estratégica avaló el informe mdt-2 (hito h1).',
    );
  });

  it('falls back to the id for one never registered', () => {
    const names = PortalNames.read(registry());
    expect(names.institution('x')).toBe('x');
    expect(names.organization(null)).toBe('—');
  });
});
