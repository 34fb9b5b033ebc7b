/**
 * Issue 17 §3: what can be checked of docker/compose.yml without Docker. It parses; it holds a
 * three-node KurrentDB cluster with TLS whose certificates a one-shot service makes; two hitos
 * instances that reach it with esdb+discover:// (read by the official client's own parser), with
 * their own data volumes and only settings hitos reads; a proxy that balances both, caches only
 * anonymous reads and passes the live feeds through unbuffered; and every service, port, volume
 * and variable docs/deployment.md names.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
import { parseDocument } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');

interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string };
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  restart?: string;
  command?: string[] | string;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const raw = read('docker', 'compose.yml');
const document = parseDocument(raw, { merge: true });
const compose = document.toJS() as Compose;
const services = compose.services;

const envOf = (service: Service): Record<string, string> => service.environment ?? {};
/** `source:target[:mode]` → { source, target }. */
const mounts = (service: Service) =>
  (service.volumes ?? []).map((v) => {
    const [source, target] = v.split(':');
    return { source, target };
  });
const ipv4Of = (service: Service) =>
  Object.values((service.networks ?? {}) as Record<string, { ipv4_address?: string } | null>)
    .map((n) => n?.ipv4_address)
    .find(Boolean);

const kurrentNodes = Object.entries(services).filter(([, s]) =>
  /^docker\.kurrent\.io\/.+\/kurrentdb:/.test(s.image ?? ''),
);
const hitosInstances = Object.entries(services).filter(
  ([, s]) => s.build?.dockerfile === 'docker/Dockerfile',
);

describe('docker/compose.yml', () => {
  it('parses as YAML, without errors or warnings', () => {
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
    expect(Object.keys(services).length).toBeGreaterThan(0);
  });

  it('runs three KurrentDB nodes with TLS, gossiping with each other, after the certs one-shot service', () => {
    expect(kurrentNodes.map(([name]) => name)).toEqual([
      'kurrentdb-1',
      'kurrentdb-2',
      'kurrentdb-3',
    ]);
    const certs = services.certs;
    expect(certs.image).toMatch(/es-gencert-cli/);
    expect(certs.restart).toBe('no');
    const script = [certs.command].flat().join('\n');
    expect(script).toContain('create-ca');
    expect(script).toContain('create-node');
    const addresses = kurrentNodes.map(([, s]) => ipv4Of(s));
    for (const [name, node] of kurrentNodes) {
      const env = envOf(node);
      expect(env.KURRENTDB_CLUSTER_SIZE).toBe('3');
      expect(env.KURRENTDB_INSECURE).toBe('false');
      expect(env.KURRENTDB_ADVERTISE_HOST_TO_CLIENT_AS).toBe(name);
      // The node's certificate, key and the CA, all in the volume the certs service fills.
      const certsMount = mounts(node).find((m) => m.source === 'certs')!;
      expect(certsMount).toBeDefined();
      for (const file of [
        env.KURRENTDB_CERTIFICATE_FILE,
        env.KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE,
        env.KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH,
      ])
        expect(file?.startsWith(`${certsMount.target}/`)).toBe(true);
      expect(mounts(certs).find((m) => m.source === 'certs')?.target).toBe(certsMount.target);
      expect(node.depends_on?.certs).toEqual({ condition: 'service_completed_successfully' });
      // Gossip seeds: the two other nodes' fixed addresses; its own address for replication.
      const own = ipv4Of(node)!;
      expect(env.KURRENTDB_REPLICATION_IP).toBe(own);
      expect(env.KURRENTDB_GOSSIP_SEED.split(',').sort()).toEqual(
        addresses.filter((a) => a !== own).map((a) => `${a}:2113`),
      );
      // Its own data volume.
      expect(mounts(node).find((m) => m.target === '/var/lib/kurrentdb')?.source).toBe(
        `${name}-data`,
      );
      // Not published: only hitos reaches it.
      expect(node.ports).toBeUndefined();
    }
    // Each node's certificate names its service (what clients connect to) and its address.
    expect(script).toMatch(/-dns-names kurrentdb-\$\$n/);
    expect(script).toMatch(/-ip-addresses 127\.0\.0\.1,172\.28\.213\.1\$\$n/);
    expect(addresses).toEqual(['172.28.213.11', '172.28.213.12', '172.28.213.13']);
  });

  it('runs two hitos instances that discover the cluster over TLS, each with its own data volume', () => {
    expect(hitosInstances.map(([name]) => name)).toEqual(['hitos-a', 'hitos-b']);
    const dataVolumes = new Set<string>();
    for (const [, service] of hitosInstances) {
      const env = envOf(service);
      const connection = env.EVENTSTORE_CONNECTION_STRING;
      expect(connection.startsWith('esdb+discover://')).toBe(true);
      const parsed = parseConnectionString(
        connection.replace('${KURRENTDB_ADMIN_PASSWORD}', 'secret'),
      );
      expect(parsed.dnsDiscover).toBe(true);
      expect(parsed.tls).toBe(true);
      expect(parsed.defaultCredentials).toEqual({ username: 'admin', password: 'secret' });
      expect(parsed.hosts).toEqual(kurrentNodes.map(([name]) => ({ address: name, port: 2113 })));
      // The CA file lies in the certs volume, mounted read-only.
      const certs = mounts(service).find((m) => m.source === 'certs')!;
      expect(parsed.tlsCAFile?.startsWith(`${certs.target}/`)).toBe(true);
      expect(service.volumes).toContain(`certs:${certs.target}:ro`);
      // Its own data directory; the evidence files shared.
      const data = mounts(service).find((m) => m.target === env.HITOS_DATA_DIR)!;
      dataVolumes.add(data.source);
      expect(compose.volumes).toHaveProperty(data.source);
      expect(mounts(service)).toContainEqual({
        source: 'hitos-evidence',
        target: `${env.HITOS_DATA_DIR}/evidence`,
      });
      expect(env.NODE_ENV).toBe('production');
      expect(env.HITOS_DEMO).toBe('false');
      for (const node of kurrentNodes.map(([name]) => name))
        expect(Object.keys(service.depends_on ?? {})).toContain(node);
    }
    expect(dataVolumes.size).toBe(2);
    // The same settings on both (keys included): a token or a checkpoint of one is good on both.
    expect(envOf(services['hitos-a'])).toEqual(envOf(services['hitos-b']));
    expect(envOf(services['hitos-a']).HITOS_JWT_SECRET).toMatch(/^\$\{HITOS_JWT_SECRET:\?/);
  });

  it('sets on hitos only variables hitos reads (libs/config, the event store and notices config)', () => {
    const sources = [
      ...readdirSync(join(ROOT, 'libs', 'config', 'src'))
        .filter((f) => f.endsWith('.ts') && !f.includes('.spec.'))
        .map((f) => read('libs', 'config', 'src', f)),
      read('libs', 'event-store', 'src', 'event-store.config.ts'),
      read('libs', 'notices', 'src', 'config.ts'),
      read('libs', 'workflows', 'src', 'workflow-policy.ts'),
    ].join('\n');
    for (const [, service] of hitosInstances)
      for (const name of Object.keys(envOf(service)))
        expect({ name, read: new RegExp(`\\b${name}\\b`).test(sources) }).toEqual({
          name,
          read: true,
        });
  });

  it('fronts both with a proxy: balanced, anonymous reads cached, the live feeds unbuffered', () => {
    const proxy = services.proxy;
    expect(proxy.image).toMatch(/^nginx:/);
    expect(proxy.ports).toEqual(['8080:80']);
    const confMount = mounts(proxy).find((m) => m.target === '/etc/nginx/nginx.conf')!;
    const conf = read('docker', confMount.source.replace(/^\.\//, ''));
    const upstream = /upstream hitos \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    for (const [name] of hitosInstances) expect(upstream).toContain(`server ${name}:3000`);
    // The live route as the API names it, passed through without buffering or caching.
    expect(read('apps', 'api', 'src', 'live', 'live.http.controller.ts')).toContain(
      "@Controller('live')",
    );
    const live = /location \/api\/live\/ \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(live).toContain('proxy_buffering off;');
    expect(live).toContain('proxy_cache off;');
    // Public reads cached, never for a request that identifies its reader.
    const api = /location \/api\/ \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(api).toContain('proxy_cache hitos_public;');
    expect(api).toContain('proxy_cache_bypass $hitos_private;');
    expect(api).toContain('proxy_no_cache $hitos_private;');
    expect(conf).toMatch(/map "\$http_authorization\$cookie_hitos_session" \$hitos_private/);
    // hitos's session cookie is the one the map names.
    expect(read('docs', 'access.md')).toContain('`hitos_session` cookie');
  });

  it('holds every service, port, volume and variable docs/deployment.md names', () => {
    const doc = read('docs', 'deployment.md');
    const table = doc.split('### What the compose file holds')[1].split('\n## ')[0];
    const rows = [...table.matchAll(/^\|\s*(service|port|volume|variable)\s*\|\s*`([^`]+)`/gm)].map(
      ([, kind, name]) => ({ kind, name }),
    );
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const published = Object.values(services).flatMap((s) =>
      (s.ports ?? []).map((p) => p.split(':')[0]),
    );
    const variables = new Set([
      ...Object.values(services).flatMap((s) => Object.keys(envOf(s))),
      ...[...raw.matchAll(/\$\{([A-Z0-9_]+)/g)].map(([, name]) => name),
    ]);
    for (const { kind, name } of rows) {
      const found =
        kind === 'service'
          ? name in services
          : kind === 'volume'
            ? name in compose.volumes
            : kind === 'port'
              ? published.includes(name)
              : variables.has(name);
      expect({ kind, name, found }).toEqual({ kind, name, found: true });
    }
    // And the other way: every service and volume of the file is in the table.
    for (const name of Object.keys(services))
      expect(rows).toContainEqual({ kind: 'service', name });
    for (const name of Object.keys(compose.volumes))
      expect(rows).toContainEqual({ kind: 'volume', name });
  });

  it("builds the image from the lockfile's whole tree: every workspace's manifest is copied before npm ci and npm prune, and every COPY source exists", () => {
    const dockerfile = read('docker', 'Dockerfile');
    const { workspaces } = JSON.parse(read('package.json')) as { workspaces: string[] };
    expect(workspaces.length).toBeGreaterThan(0);
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages).toHaveLength(2);
    for (const stage of stages) {
      const installs = stage.search(/^RUN npm (ci|prune)/m);
      expect(installs).toBeGreaterThan(0);
      for (const workspace of workspaces)
        expect(stage.slice(0, installs)).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    }
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm))
      for (const source of sources.split(' ').filter((s) => s !== '.'))
        expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({
          source,
          exists: true,
        });
  });

  it('names files that exist: the Dockerfile, the proxy configuration, the settings example', () => {
    expect(existsSync(join(ROOT, 'docker', 'Dockerfile'))).toBe(true);
    expect(existsSync(join(ROOT, 'docker', 'nginx.conf'))).toBe(true);
    const example = read('docker', 'compose.env.example');
    // Every variable the file requires (${NAME:?…}) is in the example the walkthrough copies.
    for (const [, name] of raw.matchAll(/\$\{([A-Z0-9_]+):\?/g))
      expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
