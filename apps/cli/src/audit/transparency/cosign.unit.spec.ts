import {
  formatCheckpoint,
  generateSignerKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from '@hitos/transparency';
import { CliError, ExitCode } from '../../conventions/cli-error';
import { cosignLatest, type Fetch } from './transparency-client';

const LOG = generateSignerKey('hitos.example.org/log', Buffer.alloc(32, 1));
const FORGED = generateSignerKey('hitos.example.org/log', Buffer.alloc(32, 2));
const WITNESS = generateSignerKey('witness.example.org', Buffer.alloc(32, 3));
const NOTE = signNote(
  formatCheckpoint({ origin: 'hitos.example.org/log', size: 12, root: Buffer.alloc(32, 4) }),
  [parseSignerKey(LOG.signerKey)],
);

/** A hitos that serves NOTE and `servedKey`, and records what is posted to it. */
function fakeHitos(servedKey: string) {
  const posted: { url: string; body: any; auth: string | null }[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    if (url.endsWith('/transparency/checkpoint')) return new Response(NOTE);
    if (url.endsWith('/transparency/key')) return new Response(servedKey);
    posted.push({
      url,
      body: JSON.parse(String(init?.body)),
      auth: new Headers(init?.headers).get('authorization'),
    });
    return Response.json(
      { treeSize: 12, witness: 'witness.example.org', position: '99' },
      { status: 201 },
    );
  }) as unknown as Fetch;
  return { fetchImpl, posted };
}

describe('cosignLatest (a witness against a fake hitos)', () => {
  const witness = parseSignerKey(WITNESS.signerKey);

  it('verifies with the served key, co-signs, and posts the note and its verifier key', async () => {
    const hitos = fakeHitos(LOG.verifierKey);
    const report = await cosignLatest({
      base: 'https://h/api',
      token: 't',
      witness,
      fetchImpl: hitos.fetchImpl,
    });
    expect(report).toMatchObject({
      treeSize: 12,
      trusted: false,
      logKey: LOG.verifierKey,
      position: '99',
    });
    expect(hitos.posted).toHaveLength(1);
    expect(hitos.posted[0].url).toBe('https://h/api/transparency/checkpoints/12/cosignatures');
    expect(hitos.posted[0].auth).toBe('Bearer t');
    expect(hitos.posted[0].body.verifierKey).toBe(WITNESS.verifierKey);
    const opened = openNote(hitos.posted[0].body.note, [
      parseVerifierKey(LOG.verifierKey),
      parseVerifierKey(WITNESS.verifierKey),
    ]);
    expect(opened.verified.map((s) => s.name)).toEqual([
      'hitos.example.org/log',
      'witness.example.org',
    ]);
  });

  it('refuses with exit 1, posting nothing, when the log serves a forged key', async () => {
    const hitos = fakeHitos(FORGED.verifierKey);
    const refused = cosignLatest({
      base: 'https://h/api',
      token: 't',
      witness,
      fetchImpl: hitos.fetchImpl,
    });
    await expect(refused).rejects.toBeInstanceOf(CliError);
    await expect(refused).rejects.toMatchObject({ exitCode: ExitCode.Problem });
    expect(hitos.posted).toHaveLength(0);
  });

  it('trusts --trust over the served key: the real key given, a forged one served, it co-signs', async () => {
    const hitos = fakeHitos(FORGED.verifierKey);
    const report = await cosignLatest({
      base: 'https://h/api',
      token: 't',
      witness,
      trust: parseVerifierKey(LOG.verifierKey),
      fetchImpl: hitos.fetchImpl,
    });
    expect(report.trusted).toBe(true);
    expect(hitos.posted).toHaveLength(1);
  });
});
