import type { INestApplication } from '@nestjs/common';

/**
 * A floor app's process (api-floor.app.ts, reads-floor.app.ts): builds the app, listens on
 * `PORT` on the loopback, says `floor listening` (what the bench waits for), and closes on
 * SIGINT or SIGTERM. A failure to start is printed with the floor's name and exits 1.
 */
export function runFloor(name: string, create: () => Promise<INestApplication>): void {
  const main = async () => {
    const app = await create();
    await app.listen(Number(process.env.PORT), '127.0.0.1');
    process.stdout.write('floor listening\n');
    const stop = () => void app.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${name} failed: ${String(error)}\n`);
    process.exit(1);
  });
}
