import { CliError } from '../conventions/cli-error';
import { parseReader } from './reader-option';

describe('--as <role>[:<organization>]', () => {
  it('reads a role, with the institution or organization it speaks for', () => {
    expect(parseReader('auditor')).toEqual({ role: 'auditor' });
    expect(parseReader('institution:mdt')).toEqual({ role: 'institution', organizationId: 'mdt' });
    expect(parseReader('counterpart:fundacion-alianza-estrategica')).toEqual({
      role: 'counterpart',
      organizationId: 'fundacion-alianza-estrategica',
    });
    expect(parseReader('public')).toEqual({ role: 'public' });
  });

  it.each([
    ['system', /no es rol\[:organización\]/],
    ['admin', /no es rol\[:organización\]/],
    ['institution', /necesita su institución u organización/],
    ['counterpart:', /necesita su institución u organización/],
    ['institution:mdt:x', /no es rol\[:organización\]/],
  ])('refuses %j naming --as, exit 2', (value, message) => {
    let error: unknown;
    try {
      parseReader(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(/^--as: /);
    expect((error as CliError).message).toMatch(message);
  });
});
