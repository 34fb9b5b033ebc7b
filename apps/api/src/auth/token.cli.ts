/**
 * Prints a bearer token for the API, signed with the same key the API uses
 * (HITOS_JWT_SECRET, or the development key in the data directory).
 *
 *   npm run token -- --role institution --org mdt [--sub ana.perez] [--name "Ana Pérez"] [--ttl 3600]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { JwtService } from '@nestjs/jwt';
import { loadAppConfig } from '@hitos/config';
import { ROLES, isRole, type TokenClaims } from './actor';
import { JWT_SECRET_FILE, resolveJwtSecret } from './jwt-secret';

const USAGE = `Uso / usage: npm run token -- --role <rol> [--org <id>] [--sub <id>] [--name <nombre>] [--ttl <segundos>]

  --role   ${ROLES.join(' | ')}
  --org    institución (rol institution) u organización (rol counterpart) / institution or organization id
  --sub    id del usuario / user id (default: <role>-<org>); para el Grupo Núcleo, el id de
           miembro del plan / for the Core Group, the plan's member id (demo: gn-sociedad-civil)
  --name   nombre visible / display name
  --ttl    vigencia en segundos / lifetime in seconds (default HITOS_TOKEN_TTL_SECONDS, 30 days)`;

export function signToken(
  options: { role: string; org?: string; sub?: string; name?: string; ttl?: number },
  secret: string,
): string {
  if (!isRole(options.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if ((options.role === 'institution' || options.role === 'counterpart') && !options.org) {
    throw new Error(`--org is required for the role ${options.role}`);
  }
  const claims: TokenClaims = {
    sub: options.sub ?? [options.role, options.org].filter(Boolean).join('-'),
    role: options.role,
    ...(options.org ? { org: options.org } : {}),
    ...(options.name ? { name: options.name } : {}),
  };
  return new JwtService({ secret }).sign(claims, {
    algorithm: 'HS256',
    expiresIn: options.ttl ?? 30 * 24 * 3600,
  });
}

export function main(argv: string[]): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        org: { type: 'string' },
        sub: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help || !values.role) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    const config = loadAppConfig();
    const ttl = values.ttl === undefined ? config.tokenTtlSeconds : Number(values.ttl);
    if (!Number.isSafeInteger(ttl) || ttl <= 0)
      throw new Error('--ttl must be a positive number of seconds');
    if (config.production) {
      throw new Error(
        'NODE_ENV=production: los tokens de desarrollo se rechazan; use un token de acceso personal (POST /api/me/tokens). / Development tokens are refused in production; use a personal access token.',
      );
    }
    // A key made here would sign tokens the server (on another data directory) refuses.
    const keyFile = join(config.dataDir, JWT_SECRET_FILE);
    if (!config.jwtSecret && !existsSync(keyFile)) {
      throw new Error(
        `No hay clave en ${keyFile}: hitos no se inició con este directorio de datos. Exporte HITOS_DATA_DIR con el del servidor (o HITOS_JWT_SECRET), o inicie hitos primero.
` +
          `No key at ${keyFile}: hitos was not started on this data directory. Export the server's HITOS_DATA_DIR (or HITOS_JWT_SECRET), or start hitos first.`,
      );
    }
    process.stderr.write(
      `hitos: firmado con / signed with ${config.jwtSecret ? 'HITOS_JWT_SECRET' : keyFile}\n`,
    );
    const token = signToken(
      {
        role: String(values.role),
        org: values.org as string | undefined,
        sub: values.sub as string | undefined,
        name: values.name as string | undefined,
        ttl,
      },
      resolveJwtSecret(config.jwtSecret, config.dataDir),
    );
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
