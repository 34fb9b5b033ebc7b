/**
 * The hitos API, with the embedded event store (unless EVENTSTORE_CONNECTION_STRING names one)
 * and, on an empty store, the demo of acta MDT-CDC-2026-001. With HITOS_REPLAY_DIR, the read API
 * over a replay's models, frozen at its moment and read only (`hitos audit serve` starts it so).
 *
 *   npm start            PORT (default 3000), HITOS_DATA_DIR (default ./data)
 *
 * The settings are validated before anything else is loaded (the app module reads them when it
 * is imported): every bad one is listed on stderr and the process exits 1. SIGTERM/SIGINT shut
 * down gracefully (docs/operations.md).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadAppConfig, type AppConfig } from '@hitos/config';
import { HttpDrain } from './graceful-shutdown';

async function main(): Promise<void> {
  const config = loadAppConfig();
  const { AppModule } = await import('./app.module');
  const { configureApp } = await import('./app.setup');
  const { DemoLoader } = await import('./demo/demo-loader');
  const { DevIdentityProvider } = await import('./auth/sign-in/dev-identity-provider');
  const { DEV_PASSWORD, DEV_PEOPLE } = await import('./auth/sign-in/dev-people');
  const { REPLAY_SERVING } = await import('./replay/replay-serving');
  type ReplayServing = import('./replay/replay-serving').ReplayServing;
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app, config);
  const drain = new HttpDrain(app.getHttpServer());
  const shutdown = once(() => gracefulShutdown(app, drain, config));
  // A second signal exits at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(130));
      void shutdown();
    });
  }
  // Started by a parent (`hitos audit serve`): it does not outlive it.
  if (process.send) process.once('disconnect', () => void shutdown());
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

/**
 * Stop taking requests and let those under way finish (up to HITOS_SHUTDOWN_GRACE_MS), ending
 * the live feeds; then Nest's close: the workflow engine and the notices' dispatcher stop, the
 * projection runner commits its pending batch, the store client closes, then the embedded store.
 * Exits 0 when all went so, 1 otherwise; either way, normally, so that exit hooks such as
 * --cpu-prof run.
 */
async function gracefulShutdown(
  app: NestExpressApplication,
  drain: HttpDrain,
  config: AppConfig,
): Promise<void> {
  const say = (line: string) => process.stdout.write(`hitos: ${line}\n`);
  const underWay = drain.requestsUnderWay;
  let code = 0;
  try {
    // The listening socket is closed at once, before this line is written.
    const draining = drain.drain(config.shutdownGraceMs);
    say(
      `cerrando / shutting down: ${underWay} solicitudes en curso / requests under way, hasta / up to ${config.shutdownGraceMs} ms`,
    );
    const { cutOff, feedsEnded } = await draining;
    if (cutOff > 0) code = 1;
    say(
      `HTTP cerrado / closed: ${feedsEnded} flujos en vivo terminados / live feeds ended, ${cutOff} solicitudes cortadas / requests cut off`,
    );
    await app.close();
    say('detenido / stopped');
  } catch (error) {
    code = 1;
    process.stderr.write(
      `hitos: el cierre falló / shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(code);
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `hitos no pudo iniciarse / could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
