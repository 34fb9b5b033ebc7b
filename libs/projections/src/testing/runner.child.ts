/**
 * A projection runner in a process of its own, for the crash test: it follows the given
 * prefix into the given directory until it is killed. Argument: JSON { connectionString,
 * directory, prefix, batchSize }.
 */
import { EsdbEventStore } from '@hitos/event-store';
import { ProjectionRunner } from '../projection-runner';
import { eventLogProjection } from './event-log.projection';

const options = JSON.parse(process.argv[2]) as {
  connectionString: string;
  directory: string;
  prefix: string;
  batchSize: number;
};
const runner = new ProjectionRunner({
  store: EsdbEventStore.connect(options.connectionString),
  directory: options.directory,
  projections: [eventLogProjection()],
  streamPrefixes: [options.prefix],
  batchSize: options.batchSize,
  onError: (error) => process.stderr.write(`${error.message}\n`),
});
runner.start();
process.stdout.write('ready\n');
