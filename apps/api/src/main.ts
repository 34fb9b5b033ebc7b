/**
 * The hitos API, with the embedded event store (unless EVENTSTORE_CONNECTION_STRING names one)
 * and, on an empty store, the demo of acta MDT-CDC-2026-001. With HITOS_REPLAY_DIR, the read API
 * over a replay's models, frozen at its moment and read only (`hitos audit serve` starts it so).
 *
 *   npm start            PORT (default 3000), HITOS_DATA_DIR (default ./data)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { loadAppConfig } from '@hitos/config';
import { DemoLoader } from './demo/demo-loader';
import { DevIdentityProvider } from './auth/sign-in/dev-identity-provider';
import { DEV_PASSWORD, DEV_PEOPLE } from './auth/sign-in/dev-people';
import { REPLAY_SERVING, type ReplayServing } from './replay/replay-serving';

async function main(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app, config);
  // Close (HTTP, subscriptions, the client, then the embedded store) and exit normally, so
  // that exit hooks such as --cpu-prof run; a second signal exits at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(130));
      void app.close().finally(() => process.exit(0));
    });
  }
  // Started by a parent (`hitos audit serve`): it does not outlive it.
  if (process.send) {
    process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
  }
  await app.listen(config.port, config.host);
  const demo = config.loadDemo ? await app.get(DemoLoader).loadIfEmpty() : undefined;
  const port = (app.getHttpServer().address() as { port: number }).port;
  const url = `http://localhost:${port}`;
  // A parent that started this process (`hitos audit serve`) learns where it listens.
  process.send?.({ hitos: 'listening', port });
  if (config.replayDir) {
    const { manifest, end } = app.get<ReplayServing>(REPLAY_SERVING);
    const lines = [
      '',
      `hitos: réplica de solo lectura hasta ${manifest.until.asked} / read-only replay until ${manifest.until.asked}`,
      `  Momento / moment:      ${manifest.at}, $all ${end?.commit ?? '—'}`,
      `  Tablero / dashboard:   ${url}/`,
      `  API:                   ${url}/api`,
      `  Modelos / models:      ${config.replayDir}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n\n`);
    return;
  }
  const lines = [
    '',
    `hitos está en marcha / is running`,
    `  Tablero / dashboard:   ${url}/`,
    `  API:                   ${url}/api`,
    `  Documentación / docs:  ${url}/docs`,
    `  Salud / health:        ${url}/health      Métricas / metrics: ${url}/metrics`,
    `  Datos / data:          ${config.dataDir}`,
  ];
  if (app.get(DevIdentityProvider).enabled) {
    lines.push(
      '',
      `  Iniciar sesión / sign in: ${url}/auth/login  (proveedor de desarrollo / development provider)`,
      `    usuarios / users: ${DEV_PEOPLE.map((p) => p.login).join(', ')} · contraseña / password: ${DEV_PASSWORD}`,
    );
  }
  if (demo) lines.push('', ...demo.describe());
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `hitos could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
