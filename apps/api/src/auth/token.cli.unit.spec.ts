import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './token.cli';

/** Runs `npm run token` with these settings; what it printed on each stream, and its code. */
function run(argv: string[], env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((s) => !!out.push(String(s)));
  const stderr = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((s) => !!err.push(String(s)));
  try {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const code = main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.env = saved;
  }
}

describe('npm run token', () => {
  const base = { HITOS_JWT_SECRET: undefined, NODE_ENV: undefined };
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hitos-token-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('given a data directory the server never ran on, when asked, then it refuses instead of signing with a key of its own', () => {
    const dir = dataDir();
    const { code, out, err } = run(['--role', 'presidency'], { ...base, HITOS_DATA_DIR: dir });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`No hay clave en ${join(dir, 'jwt-secret')}`);
    expect(err).toContain('HITOS_DATA_DIR');
  });

  it('given the server’s key, it signs a token and says which key it used', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'jwt-secret'), 'clave-del-servidor\n');
    const { code, out, err } = run(['--role', 'core-group', '--sub', 'gn-sociedad-civil'], {
      ...base,
      HITOS_DATA_DIR: dir,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(err).toContain(join(dir, 'jwt-secret'));
  });
});
