import { PERSON_ROLES, type PersonRole } from '@hitos/domain';
import type { Reader } from '@hitos/read-models';
import { badArgument } from '../conventions/cli-error';

const NEEDS_ORGANIZATION: readonly PersonRole[] = ['institution', 'counterpart'];

/**
 * `--as <role>[:<organizationId>]`: whom the CLI reads as, for reserved content (the read
 * side's rule, `mayReadClassified`). Without it the CLI reads as the public. Whoever runs the
 * CLI can already read the store itself; the option lets an operator see what a given reader
 * sees, or read everything as an auditor.
 */
export function parseReader(value: string): Reader {
  const [role, organizationId, ...rest] = value.trim().split(':');
  if (!(PERSON_ROLES as readonly string[]).includes(role) || rest.length > 0) {
    throw badArgument(
      '--as',
      `«${value}» no es rol[:organización]; roles: ${PERSON_ROLES.join(', ')}`,
      `"${value}" is not role[:organization]; roles: ${PERSON_ROLES.join(', ')}`,
    );
  }
  const person = role as PersonRole;
  if (NEEDS_ORGANIZATION.includes(person) && !organizationId) {
    throw badArgument(
      '--as',
      `el rol ${person} necesita su institución u organización: ${person}:<id>`,
      `the role ${person} needs its institution or organization: ${person}:<id>`,
    );
  }
  return organizationId ? { role: person, organizationId } : { role: person };
}
