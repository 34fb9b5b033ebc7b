/**
 * Signs a person in as a browser would, over real HTTP: hitos's `/auth/login`, the development
 * identity provider's authorization endpoint and sign-in form, back to `/auth/callback`,
 * following each redirect by hand and keeping cookies by path, like a browser's jar.
 */

export class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  /** Keeps the response's cookies (an expired or emptied one is dropped). */
  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr('path') ?? '/';
      // A cleared cookie: Max-Age 0, or Expires at the epoch (Express's clearCookie); hitos's
      // own cookies carry a Max-Age, so no expiry is compared with the machine's clock.
      const expired =
        attr('max-age') === '0' ||
        (attr('expires') !== undefined && new Date(attr('expires')!).getTime() < 86_400_000);
      const key = `${name}\u0000${path}`;
      if (expired || value === '') this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  /** The Cookie header for a request to `url`. */
  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.entries()]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(c.path.replace(/\/?$/, '/')))
      .map(([key, c]) => `${key.split('\u0000')[0]}=${c.value}`)
      .join('; ');
  }

  get(name: string): string | undefined {
    for (const [key, c] of this.cookies) if (key.split('\u0000')[0] === name) return c.value;
    return undefined;
  }
}

/** A request with the jar's cookies, no redirect followed; keeps the answer's cookies. */
export async function send(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.keep(response);
  return response;
}

/** Follows redirects (GET) from `url` until an answer that is not one; returns it and its URL. */
export async function follow(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<{ response: Response; url: string }> {
  let response = await send(jar, url, init);
  let at = url;
  for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
    if (hops > 10) throw new Error(`too many redirects from ${url}`);
    at = new URL(response.headers.get('location')!, at).toString();
    response = await send(jar, at);
  }
  return { response, url: at };
}

/**
 * Signs `login` in (password `demo` unless given) and returns the jar holding hitos's session
 * and the page the flow ended on.
 */
export async function signIn(
  baseUrl: string,
  login: string,
  options: { password?: string; returnTo?: string } = {},
): Promise<{ jar: CookieJar; landed: { response: Response; url: string } }> {
  const jar = new CookieJar();
  const returnTo = options.returnTo ?? '/api/me';
  const form = await follow(jar, `${baseUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  if (!form.url.includes('/auth/dev/interaction/')) {
    throw new Error(`the sign-in did not reach the provider's form: ${form.url}`);
  }
  await form.response.text();
  const posted = await send(jar, form.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password: options.password ?? 'demo' }).toString(),
  });
  if (posted.status !== 303) {
    return { jar, landed: { response: posted, url: form.url } };
  }
  const landed = await follow(jar, new URL(posted.headers.get('location')!, form.url).toString());
  return { jar, landed };
}
