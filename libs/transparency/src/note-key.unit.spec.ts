import { createHash, verify, createPublicKey } from 'node:crypto';
import {
  NoteKeyError,
  generateSignerKey,
  isValidKeyName,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  verifierKeyOf,
} from './note-key';

// The example keys of Go's sumdb/note documentation.
const PETER_SIGNER =
  'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
// The example verifier key of C2SP signed-note.
const FOO_VERIFIER = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';

const seed = Buffer.alloc(32, 7);

describe('note keys', () => {
  it('reads the published example keys', () => {
    const signer = parseSignerKey(PETER_SIGNER);
    expect(signer.name).toBe('PeterNeumann');
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(signer.verifierKey).toBe(PETER_VERIFIER);
    const verifier = parseVerifierKey(FOO_VERIFIER);
    expect(verifier.name).toBe('example.com/foo');
    expect(verifier.keyId).toBe(0x530d903a);
    expect(verifier.verifierKey).toBe(FOO_VERIFIER);
  });

  it('derives the key ID from SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key)', () => {
    const { publicKey } = parseVerifierKey(PETER_VERIFIER);
    const digest = createHash('sha256')
      .update(Buffer.concat([Buffer.from('PeterNeumann\n'), Buffer.from([1]), publicKey]))
      .digest();
    expect(noteKeyId('PeterNeumann', publicKey)).toBe(digest.readUInt32BE(0));
  });

  it('generates a signer key from a seed, deterministically, in the published form', () => {
    const { signerKey, verifierKey } = generateSignerKey('hitos.example/log', seed);
    expect(generateSignerKey('hitos.example/log', seed)).toEqual({ signerKey, verifierKey });
    const seedText = Buffer.concat([Buffer.from([1]), seed]).toString('base64');
    expect(signerKey).toMatch(
      new RegExp(`^PRIVATE\\+KEY\\+hitos\\.example/log\\+[0-9a-f]{8}\\+${escape(seedText)}$`),
    );
    const signer = parseSignerKey(signerKey);
    expect(signer.verifierKey).toBe(verifierKey);
    expect(verifierKey.split('+')[1]).toBe(signerKey.split('+')[3]);
  });

  it('generates a fresh key when no seed is given', () => {
    const a = generateSignerKey('hitos.example/log');
    const b = generateSignerKey('hitos.example/log');
    expect(a.signerKey).not.toBe(b.signerKey);
    expect(parseSignerKey(a.signerKey).verifierKey).toBe(a.verifierKey);
  });

  it('signs with Ed25519: node:crypto verifies the signature with the raw public key', () => {
    const { signerKey, verifierKey } = generateSignerKey('hitos.example/log', seed);
    const signature = parseSignerKey(signerKey).sign(Buffer.from('hello\n'));
    const verifier = parseVerifierKey(verifierKey);
    const spki = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      verifier.publicKey,
    ]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from('hello\n'), key, signature)).toBe(true);
    expect(verifier.verify(Buffer.from('hello\n'), signature)).toBe(true);
    expect(verifier.verify(Buffer.from('hello!\n'), signature)).toBe(false);
    expect(verifier.verify(Buffer.from('hello\n'), signature.subarray(1))).toBe(false);
  });

  it('writes the verifier key of a raw public key', () => {
    const { publicKey } = parseVerifierKey(PETER_VERIFIER);
    expect(verifierKeyOf('PeterNeumann', publicKey)).toBe(PETER_VERIFIER);
  });

  it.each([
    ['an empty name', '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', /name/],
    [
      'a name with a space',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /name/,
    ],
    [
      'a short key ID',
      'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /8 hexadecimal/,
    ],
    [
      'a wrong key ID',
      'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /does not match/,
    ],
    [
      'another name',
      'PaulNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /does not match/,
    ],
    [
      'unpadded base64',
      'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T',
      /base64/,
    ],
    ['a missing key', 'PeterNeumann+c74f20a3', /base64/],
    [
      'another signature type',
      'PeterNeumann+c74f20a3+AhpczQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /signature type 0x02/,
    ],
    ['a short key', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy', /32 bytes/],
    ['a signer key', PETER_SIGNER, /this is a signer key/],
  ])('refuses a verifier key with %s, saying why', (_what, key, why) => {
    expect(() => parseVerifierKey(key)).toThrow(NoteKeyError);
    expect(() => parseVerifierKey(key)).toThrow(
      /^clave de verificación inválida \/ invalid verifier key: /,
    );
    expect(() => parseVerifierKey(key)).toThrow(why);
  });

  it.each([
    ['no PRIVATE+KEY prefix', PETER_SIGNER.replace('PRIVATE+KEY+', ''), /PRIVATE\+KEY/],
    ['a verifier key', PETER_VERIFIER, /PRIVATE\+KEY/],
    ['a wrong key ID', PETER_SIGNER.replace('c74f20a3', 'c74f20a2'), /does not match/],
    ['another name', PETER_SIGNER.replace('PeterNeumann', 'PaulNeumann'), /does not match/],
    [
      'a name with a plus',
      'PRIVATE+KEY+Peter+Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
      /8 hexadecimal/,
    ],
  ])('refuses a signer key with %s, saying why', (_what, key, why) => {
    expect(() => parseSignerKey(key)).toThrow(/^clave de firma inválida \/ invalid signer key: /);
    expect(() => parseSignerKey(key)).toThrow(why);
  });

  it('accepts names as Go does: no Unicode spaces, no plus', () => {
    expect(isValidKeyName('example.com/log42')).toBe(true);
    expect(isValidKeyName('transparencia.gob.example/registro-ñ')).toBe(true);
    expect(isValidKeyName('with\u00a0nbsp')).toBe(false);
    expect(isValidKeyName('with\u2003em-space')).toBe(false);
    expect(isValidKeyName('with\u0085nel')).toBe(false);
    expect(isValidKeyName('a+b')).toBe(false);
    expect(isValidKeyName('')).toBe(false);
    expect(() => generateSignerKey('bad name', seed)).toThrow(/invalid signer key: the name/);
    expect(() => generateSignerKey('ok', seed.subarray(1))).toThrow(/seed must be 32 bytes/);
  });
});

function escape(text: string): string {
  return text.replace(/[+/]/g, (c) => `\\${c}`);
}
