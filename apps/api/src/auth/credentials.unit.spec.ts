import { accessTokenHash, newAccessToken, parseAccessToken } from './credentials';
import { localPath } from './sign-in/sign-in.controller';

describe('personal access tokens', () => {
  it('name their person and are kept as a hash that only the whole token gives', () => {
    const { token, hash } = newAccessToken('ana.pérez@mdt.gob.ec');
    expect(token).toMatch(/^hitos_pat\.[\w-]+\.[\w-]{43}$/);
    expect(parseAccessToken(token)).toEqual({ sub: 'ana.pérez@mdt.gob.ec', hash });
    expect(hash).toBe(accessTokenHash(token));
    expect(accessTokenHash(`${token}x`)).not.toBe(hash);
    expect(newAccessToken('ana.pérez@mdt.gob.ec').token).not.toBe(token);
  });

  it('are told apart from development tokens and malformed ones', () => {
    expect(parseAccessToken('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBeNull();
    expect(parseAccessToken('hitos_pat.only-one-part')).toBeNull();
    expect(parseAccessToken('hitos_pat.a.b.c')).toBeNull();
  });
});

describe('where a sign-in returns to', () => {
  it('is a path inside hitos; anything else goes to the workspace', () => {
    expect(localPath('/compromisos/c-1?lang=en')).toBe('/compromisos/c-1?lang=en');
    for (const elsewhere of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'trabajo',
      undefined,
      ['/a'],
    ])
      expect(localPath(elsewhere)).toBe('/trabajo');
  });
});
