import { eventStoreUsage, parseEventStoreArgs, UsageError } from './args';

describe('the package CLI flags', () => {
  it('default to port 2113 on loopback and ./data/eventstore under the working directory', () => {
    expect(parseEventStoreArgs([], {}, '/srv')).toEqual({
      port: 2113,
      host: '127.0.0.1',
      dataDir: '/srv/data/eventstore',
      maxAppendSize: undefined,
    });
  });

  it('take --memory as a throwaway store with no data directory of its own', () => {
    const options = parseEventStoreArgs(['--memory', '--port', '0'], {}, '/srv');
    expect(options).toEqual({ port: 0, host: '127.0.0.1', memory: true, maxAppendSize: undefined });
  });

  it('refuse --memory with --data, naming both', () => {
    expect(() => parseEventStoreArgs(['--memory', '--data', 'x'], {}, '/srv')).toThrow(
      new UsageError('--memory and --data exclude each other: choose one'),
    );
  });

  it('let the caller choose the default data directory (hitos uses $HITOS_DATA_DIR)', () => {
    const options = parseEventStoreArgs([], { D: '/var/d' }, '/srv', (env) => `${env.D}/es`);
    expect(options).toMatchObject({ dataDir: '/var/d/es' });
  });

  it('have help in English and Spanish, naming the program', () => {
    expect(parseEventStoreArgs(['--help'], {}, '/srv')).toBe('help');
    const usage = eventStoreUsage('npx eventstore-server');
    expect(usage).toContain('Usage: npx eventstore-server [options]');
    expect(usage).toContain('Uso: npx eventstore-server [opciones]');
    expect(usage).toContain('--memory                 throwaway store');
    expect(usage).toContain('--memory                 almacén desechable');
  });
});
