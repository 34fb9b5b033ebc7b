import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-key';
import { NoteError, cosignNote, openNote, signNote, type NoteErrorReason } from './signed-note';

// The example of Go's sumdb/note documentation: Ed25519 is deterministic, so signing the same
// text with the same key must give exactly the published signature.
const PETER_SIGNER =
  'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const PETER_SIGNATURE =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIGNATURE =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
// The example of C2SP signed-note.
const FOO_VERIFIER = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const FOO_NOTE =
  'This is an example message.\n\n' +
  '— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

const keys = (name: string, fill: number) => {
  const { signerKey, verifierKey } = generateSignerKey(name, Buffer.alloc(32, fill));
  return { signer: parseSignerKey(signerKey), verifier: parseVerifierKey(verifierKey) };
};
const log = keys('hitos.example/log', 1);
const witness = keys('witness.example/w1', 2);
const impostor = keys('hitos.example/log', 3);

const BODY = 'hitos.example/log\n3\nJ0f1pqxEPi6Yg2tqdAM0d26LE7PaDsgqYfdyQTr31rE=\n';

function reason(run: () => unknown): NoteErrorReason | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof NoteError) return error.reason;
    throw error;
  }
}

describe('signed notes', () => {
  it('signs exactly as Go does (the sumdb/note example)', () => {
    const note = signNote(PETER_TEXT, [parseSignerKey(PETER_SIGNER)]);
    expect(note).toBe(`${PETER_TEXT}\n${PETER_SIGNATURE}`);
  });

  it('opens the published examples', () => {
    const peter = openNote(`${PETER_TEXT}\n${PETER_SIGNATURE}${ENOCH_SIGNATURE}`, [
      parseVerifierKey(PETER_VERIFIER),
    ]);
    expect(peter.body).toBe(PETER_TEXT);
    expect(peter.verified).toEqual([
      { name: 'PeterNeumann', keyId: 0xc74f20a3, signature: PETER_SIGNATURE.slice(15, -1) },
    ]);
    expect(peter.unverified.map((s) => s.name)).toEqual(['EnochRoot']);
    const foo = openNote(FOO_NOTE, [parseVerifierKey(FOO_VERIFIER)]);
    expect(foo.body).toBe('This is an example message.\n');
  });

  it('opens what it signs, from text or bytes', () => {
    const note = signNote(BODY, [log.signer]);
    expect(note.startsWith(`${BODY}\n— hitos.example/log `)).toBe(true);
    expect(openNote(note, [log.verifier]).body).toBe(BODY);
    expect(openNote(Buffer.from(note, 'utf8'), [log.verifier]).verified).toHaveLength(1);
  });

  it('keeps a witness co-signature beside the log signature', () => {
    const signed = signNote(BODY, [log.signer]);
    const cosigned = cosignNote(signed, witness.signer, [log.verifier]);
    expect(cosigned.startsWith(signed)).toBe(true);
    expect(cosigned.split('\n— ')).toHaveLength(3);
    const both = openNote(cosigned, [log.verifier, witness.verifier]);
    expect(both.verified.map((s) => s.name)).toEqual(['hitos.example/log', 'witness.example/w1']);
    expect(openNote(cosigned, [witness.verifier]).unverified.map((s) => s.name)).toEqual([
      'hitos.example/log',
    ]);
  });

  it('replaces an earlier signature by the same key when co-signing again', () => {
    const once = cosignNote(signNote(BODY, [log.signer]), witness.signer, [log.verifier]);
    expect(cosignNote(once, witness.signer, [log.verifier])).toBe(once);
  });

  it('co-signs only a note that opens with the given keys', () => {
    const signed = signNote(BODY, [impostor.signer]);
    expect(reason(() => cosignNote(signed, witness.signer, [log.verifier]))).toBe('unverified');
  });

  it('rejects a note signed by another key of the same name, or by no known key', () => {
    const forged = signNote(BODY, [impostor.signer]);
    expect(reason(() => openNote(forged, [log.verifier]))).toBe('unverified');
    expect(reason(() => openNote(signNote(BODY, [log.signer]), []))).toBe('unverified');
  });

  it('rejects the whole note when a known key signature fails', () => {
    const signed = signNote(BODY, [log.signer, witness.signer]);
    const tampered = signed.replace('\n3\n', '\n4\n');
    expect(reason(() => openNote(tampered, [log.verifier]))).toBe('invalid-signature');
    // Another key's valid signature does not save a note whose known signature fails.
    const mixed = signNote(BODY, [witness.signer]).replace(
      /\n$/,
      `\n${signNote('other\n', [log.signer]).split('\n\n')[1]}`,
    );
    expect(reason(() => openNote(mixed, [log.verifier, witness.verifier]))).toBe(
      'invalid-signature',
    );
    expect(() => openNote(tampered, [log.verifier])).toThrow(
      /^firma inválida \/ invalid signature: hitos\.example\/log\+[0-9a-f]{8}$/,
    );
  });

  it('ignores a repeated signature line', () => {
    const signed = signNote(BODY, [log.signer]);
    const line = signed.split('\n\n')[1];
    const opened = openNote(`${signed}${line}`, [log.verifier]);
    expect(opened.verified).toHaveLength(1);
  });

  it('refuses two verifiers with the same name and key ID', () => {
    const signed = signNote(BODY, [log.signer]);
    const twin = { ...log.verifier, verify: () => false };
    expect(reason(() => openNote(signed, [log.verifier, twin]))).toBe('ambiguous-key');
  });

  it.each([
    ['no blank line', (n: string) => n.replace('\n\n', '\n')],
    ['no final newline', (n: string) => n.slice(0, -1)],
    ['no signature', (n: string) => n.split('\n\n')[0] + '\n\n'],
    ['a hyphen for the em dash', (n: string) => n.replace('\u2014', '-')],
    ['no space after the name', (n: string) => n.replace(/ ([^ ]+)\n$/, '$1\n')],
    ['a name with a plus', (n: string) => n.replace('— hitos.example/log', '— hitos+log')],
    ['a signature not in base64', (n: string) => n.replace(/=\n$/, '*\n')],
    ['unpadded base64', (n: string) => n.replace(/=\n$/, '\n')],
    ['a 4-byte signature', (n: string) => n.replace(/ [^ ]+\n$/, ' AAAAAA==\n')],
    ['a tab in the body', (n: string) => n.replace('\n3\n', '\n3\t\n')],
    ['a carriage return', (n: string) => n.replace(/\n$/, '\r\n')],
    ['a text line after the signatures', (n: string) => `${n}extra\n`],
    ['101 signature lines', (n: string) => n + n.split('\n\n')[1].repeat(100)],
  ])('rejects a note with %s as malformed', (_what, change) => {
    const note = change(signNote(BODY, [log.signer]));
    expect(reason(() => openNote(note, [log.verifier]))).toBe('malformed');
  });

  it('rejects bytes that are not UTF-8, and lone surrogates', () => {
    const note = Buffer.from(signNote(BODY, [log.signer]), 'utf8');
    const broken = Buffer.concat([Buffer.from([0xff]), note]);
    expect(reason(() => openNote(broken, [log.verifier]))).toBe('malformed');
    expect(reason(() => signNote('\ud800\n', [log.signer]))).toBe('malformed');
  });

  it('signs only a body that ends in a newline and has no control characters', () => {
    expect(() => signNote('no newline', [log.signer])).toThrow(/must end with a newline/);
    expect(() => signNote('a\tb\n', [log.signer])).toThrow(/control character/);
    expect(() => signNote(BODY, [])).toThrow(/no signer/);
  });

  it('keeps blank lines inside the body: the last blank line ends it', () => {
    const body = 'first\n\nthird\n';
    expect(openNote(signNote(body, [log.signer]), [log.verifier]).body).toBe(body);
  });
});
