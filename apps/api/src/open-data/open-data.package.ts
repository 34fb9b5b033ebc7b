import { OPEN_DATA_RESOURCES, type OpenDataResource } from './open-data.resources';

/** One resource of the descriptor: its CSV, its Table Schema, and where its JSON is. */
function resourceDescriptor(resource: OpenDataResource) {
  return {
    name: resource.name,
    title: resource.title,
    description: resource.description,
    profile: 'tabular-data-resource',
    // Relative to the descriptor: /api/open-data/<name>.csv.
    path: `${resource.name}.csv`,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    dialect: { delimiter: ',', header: true, doubleQuote: true, lineTerminator: '\n' },
    'hitos:json': `${resource.name}.json`,
    schema: {
      fields: resource.fields,
      missingValues: [''],
      primaryKey: resource.primaryKey,
      ...(resource.foreignKeys ? { foreignKeys: resource.foreignKeys } : {}),
    },
  };
}

/**
 * The Frictionless Tabular Data Package descriptor (https://specs.frictionlessdata.io/): who
 * publishes it, under what licence, as of when and which `$all` position it reflects, and one
 * resource per table.
 */
export function dataPackage(now: Date, position: string | null, base: string) {
  return {
    profile: 'tabular-data-package',
    name: 'hitos-open-data',
    title:
      'Compromisos de gobierno abierto: datos abiertos / Open-government commitments: open data',
    description:
      'Los compromisos del plan de acción de gobierno abierto, con sus hitos, reportes de avance, revisiones, evidencia pública, informes y traspasos; solo información pública. / The open-government action plan’s commitments with their milestones, progress reports, reviews, public evidence, reports and transfers; public information only.',
    homepage: `${base}/`,
    version: '1.0.0',
    created: now.toISOString(),
    'hitos:position': position,
    keywords: ['open government', 'OGP', 'IRM', 'gobierno abierto', 'Ecuador'],
    licenses: [
      {
        name: 'CC-BY-4.0',
        title: 'Creative Commons Attribution 4.0',
        path: 'https://creativecommons.org/licenses/by/4.0/',
      },
    ],
    sources: [{ title: 'hitos', path: `${base}/api` }],
    resources: OPEN_DATA_RESOURCES.map(resourceDescriptor),
  };
}

/** The descriptor's head and its first field, for the OpenAPI document. */
export const DATAPACKAGE_EXAMPLE = (() => {
  const full = dataPackage(new Date('2026-11-24T15:00:00.000Z'), '1234', 'https://hitos.example');
  const first = full.resources[0];
  return {
    ...full,
    resources: [{ ...first, schema: { ...first.schema, fields: first.schema.fields.slice(0, 2) } }],
  };
})();
