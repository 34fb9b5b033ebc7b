/**
 * Signing in through the real OpenID Connect flow (authorization code with PKCE) against the
 * development provider in the process, with the demo's people; the session it opens, its CSRF
 * token, personal access tokens, and a revocation stopping the next action.
 */
import { startApi, stopApi, type ApiHarness } from './support/api-harness';
import { CookieJar, follow, send, signIn } from './support/sign-in-flow';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ demo: true });
}, 120_000);

afterAll(() => stopApi(api));

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('signing in with the identity provider (OIDC, development provider)', () => {
  it('given the demo’s ministry director, when they sign in, then hitos opens a session acting for the Ministerio del Trabajo', async () => {
    const { jar, landed } = await signIn(api.baseUrl, 'mdt');
    expect(landed.url).toBe(`${api.baseUrl}/api/me`);
    expect(landed.response.status).toBe(200);
    expect(await landed.response.json()).toMatchObject({
      signedIn: true,
      sub: 'demo-mdt',
      name: 'Andrea Salazar',
      via: 'session',
      actingAs: { grantId: 'demo-mdt-institution', role: 'institution', organizationId: 'mdt' },
    });
    expect(jar.get('hitos_session')).toMatch(/^[\w-]{43}$/);
    expect(jar.get('hitos_csrf')).toMatch(/^[\w-]{43}$/);
  });

  it('sets the session cookie httpOnly and SameSite=Lax, the CSRF cookie readable and Strict', async () => {
    const jar = new CookieJar();
    const form = await follow(jar, `${api.baseUrl}/auth/login`);
    const posted = await send(jar, form.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=fae&password=demo',
    });
    let response = await send(jar, new URL(posted.headers.get('location')!, form.url).toString());
    let at = posted.headers.get('location')!;
    while (!new URL(at, api.baseUrl).pathname.startsWith('/auth/callback')) {
      at = response.headers.get('location')!;
      response = await send(jar, new URL(at, api.baseUrl).toString());
    }
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('hitos_session='))!;
    const csrf = cookies.find((c) => c.startsWith('hitos_csrf='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/SameSite=Strict/i);
    expect(response.headers.get('location')).toBe('/trabajo');
  });

  it('refuses a wrong password in the provider’s form, in Spanish, keeping the login typed', async () => {
    const { landed } = await signIn(api.baseUrl, 'mdt', { password: 'otra' });
    expect(landed.response.status).toBe(422);
    const html = await landed.response.text();
    expect(html).toContain('La contraseña no es correcta.');
    expect(html).toMatch(/id="login"[^>]*value="mdt"/);
    expect(html).toMatch(/id="password"[^>]*aria-invalid="true"/);
  });

  it('refuses a callback it did not start (no pending sign-in) and sends nobody elsewhere', async () => {
    const response = await fetch(`${api.baseUrl}/auth/callback?code=x&state=y`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('El inicio de sesión caducó');
    const login = await fetch(`${api.baseUrl}/auth/login?returnTo=//evil.example/x`, {
      redirect: 'manual',
    });
    const pending = login.headers.getSetCookie().find((c) => c.startsWith('hitos_signin='))!;
    expect(decodeURIComponent(pending)).toContain('"returnTo":"/trabajo"');
  });

  it('refuses a change sent with the session but without its CSRF token, and changes nothing', async () => {
    const { jar } = await signIn(api.baseUrl, 'mdt');
    const body = { label: 'Gestión documental', expiresOn: '2027-06-30' };
    const refused = await send(jar, `${api.baseUrl}/api/me/tokens`, json(body));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const forged = await send(jar, `${api.baseUrl}/api/me/tokens`, {
      ...json(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'forged' },
    });
    expect(forged.status).toBe(403);
    const list = await send(jar, `${api.baseUrl}/api/me/tokens`);
    expect(await list.json()).toEqual({ tokens: [] });
  });

  it('given a session, when the person makes a personal access token, then an integration acts with it until it is revoked', async () => {
    const { jar } = await signIn(api.baseUrl, 'fae');
    const csrf = { 'content-type': 'application/json', 'x-csrf-token': jar.get('hitos_csrf')! };
    const made = await send(jar, `${api.baseUrl}/api/me/tokens`, {
      method: 'POST',
      headers: csrf,
      body: JSON.stringify({ label: 'Tablero de la fundación', expiresOn: '2027-06-30' }),
    });
    expect(made.status).toBe(201);
    const { id, token, events } = (await made.json()) as {
      id: string;
      token: string;
      events: { type: string }[];
    };
    expect(events.map((e) => e.type)).toEqual(['AccessTokenIssued']);
    expect(token).toMatch(/^hitos_pat\./);

    const asIntegration = { authorization: `Bearer ${token}` };
    const me = await fetch(`${api.baseUrl}/api/me`, { headers: asIntegration });
    expect(await me.json()).toMatchObject({
      sub: 'demo-fae',
      via: 'access-token',
      actingAs: { role: 'counterpart', organizationId: 'fundacion-alianza-estrategica' },
    });
    // A token makes no other token.
    const chained = await fetch(`${api.baseUrl}/api/me/tokens`, {
      ...json({ label: 'otro', expiresOn: '2027-01-31' }),
      headers: { ...asIntegration, 'content-type': 'application/json' },
    });
    expect(chained.status).toBe(403);

    const revoked = await send(jar, `${api.baseUrl}/api/me/tokens/${id}/revocation`, {
      method: 'POST',
      headers: csrf,
      body: JSON.stringify({ reason: 'El tablero se retiró.' }),
    });
    expect(revoked.status).toBe(201);
    const after = await fetch(`${api.baseUrl}/api/me`, { headers: asIntegration });
    expect(after.status).toBe(401);
    const list = (await (await send(jar, `${api.baseUrl}/api/me/tokens`)).json()) as {
      tokens: { tokenId: string; status: string }[];
    };
    expect(list.tokens).toEqual([
      expect.objectContaining({ tokenId: id, label: 'Tablero de la fundación', status: 'revoked' }),
    ]);
    expect(JSON.stringify(list)).not.toContain(token.split('.')[2]);
  });

  it('given a signed-in Core Group member, when the Presidency revokes their grant, then their next action is refused', async () => {
    const { jar } = await signIn(api.baseUrl, 'grupo-nucleo');
    const before = (await (await send(jar, `${api.baseUrl}/api/me`)).json()) as {
      actingAs: { role: string } | null;
    };
    // The seat's plan rides with the actor: they concur on that plan's commitments only.
    expect(before.actingAs).toMatchObject({ role: 'core-group', planId: 'ec-paea-2026-2027' });

    const revoked = await fetch(
      `${api.baseUrl}/api/people/gn-sociedad-civil/grants/gn-sociedad-civil-core-group/revocation`,
      {
        ...json({ reason: 'Dejó el Grupo Núcleo.' }),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${api.token('presidency', undefined, 'demo-presidencia')}`,
        },
      },
    );
    expect(revoked.status).toBe(201);

    const me = (await (await send(jar, `${api.baseUrl}/api/me`)).json()) as {
      signedIn: boolean;
      actingAs: unknown;
    };
    expect(me).toMatchObject({ signedIn: true, actingAs: null });
    const action = await send(jar, `${api.baseUrl}/api/commitments/transfer-concurrences`, {
      ...json({ concurrences: [] }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': jar.get('hitos_csrf')! },
    });
    expect([401, 403]).toContain(action.status);
    expect(await action.json()).toMatchObject({ code: 'NO_GRANT' });
  });

  it('signs out: the session ends and its cookie no longer signs anyone in', async () => {
    const { jar } = await signIn(api.baseUrl, 'auditor');
    const stale = jar.header(`${api.baseUrl}/api/me`);
    const out = await send(jar, `${api.baseUrl}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: jar.get('hitos_csrf')! }).toString(),
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/');
    const me = await fetch(`${api.baseUrl}/api/me`, { headers: { cookie: stale } });
    expect(await me.json()).toMatchObject({ signedIn: false });
  });
});

describe('in production (NODE_ENV=production)', () => {
  let prod: ApiHarness;

  beforeAll(async () => {
    prod = await startApi({
      env: {
        NODE_ENV: 'production',
        HITOS_PUBLIC_URL: 'https://hitos.example.gob.ec',
        HITOS_OIDC_ISSUER: 'https://id.example.gob.ec/realms/estado',
        HITOS_OIDC_CLIENT_ID: 'hitos',
        HITOS_OIDC_CLIENT_SECRET: 'not-used-here',
      },
    });
  }, 120_000);

  afterAll(() => stopApi(prod));

  it('refuses development tokens, naming what to use instead', async () => {
    const response = await fetch(`${prod.baseUrl}/api/me`, {
      headers: { authorization: `Bearer ${prod.token('presidency')}` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      code: 'UNAUTHORIZED',
      detail: expect.stringContaining('producción'),
    });
  });

  it('runs no development identity provider', async () => {
    expect((await fetch(`${prod.baseUrl}/oidc/.well-known/openid-configuration`)).status).toBe(404);
    expect((await fetch(`${prod.baseUrl}/auth/dev/interaction/abc`)).status).toBe(404);
  });
});

describe('an installation’s first Presidency (HITOS_BOOTSTRAP_PRESIDENCY)', () => {
  let fresh: ApiHarness;

  beforeAll(async () => {
    fresh = await startApi({ env: { HITOS_BOOTSTRAP_PRESIDENCY: 'maria.presidencia' } });
  }, 120_000);

  afterAll(() => stopApi(fresh));

  const grantsOf = async (sub: string) =>
    (await (
      await fetch(`${fresh.baseUrl}/api/people/${sub}/grants`, {
        headers: { authorization: `Bearer ${fresh.token('auditor')}` },
      })
    ).json()) as { active: { grantId: string; role: string }[]; history: unknown[] };

  it('given an empty store, when hitos starts, then it grants the named person the Presidency, once', async () => {
    expect((await grantsOf('maria.presidencia')).active).toEqual([
      expect.objectContaining({ grantId: 'bootstrap-presidency', role: 'presidency' }),
    ]);
    await fresh.restart();
    expect((await grantsOf('maria.presidencia')).history).toHaveLength(1);
  });
});
