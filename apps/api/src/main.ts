/**
 * The hitos API, with the embedded event store (unless EVENTSTORE_CONNECTION_STRING names one)
 * and, on an empty store, the demo of acta MDT-CDC-2026-001.
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
  await app.listen(config.port, config.host);
  const demo = config.loadDemo ? await app.get(DemoLoader).loadIfEmpty() : undefined;
  const url = `http://localhost:${(app.getHttpServer().address() as { port: number }).port}`;
  const lines = [
    '',
    `hitos está en marcha / is running`,
    `  Tablero / dashboard:   ${url}/`,
    `  API:                   ${url}/api`,
    `  Documentación / docs:  ${url}/docs`,
    `  Salud / health:        ${url}/health      Métricas / metrics: ${url}/metrics`,
    `  Datos / data:          ${config.dataDir}`,
  ];
  if (demo) lines.push('', ...demo.describe());
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `hitos could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
