/**
 * The workflow engine in a process of its own, for the kill test: it follows `$all` into the
 * given model directory and acts until it is killed. Argument: JSON { connectionString,
 * directory, now }.
 */
import { EsdbEventStore } from '@hitos/event-store';
import { DEFAULT_WORKFLOW_POLICY } from '@hitos/workflows';
import { TestClock, startEngine } from '@hitos/workflows/testing/workflow-fixture';

const options = JSON.parse(process.argv[2]) as {
  connectionString: string;
  directory: string;
  now: string;
};
const engine = startEngine({
  store: EsdbEventStore.connect(options.connectionString),
  directory: options.directory,
  policy: DEFAULT_WORKFLOW_POLICY,
  clock: new TestClock(new Date(options.now)),
  // Slow enough that a kill lands in the middle of a redesign.
  concurrency: 2,
});
const ready = setInterval(() => {
  if (!engine.runner.caughtUp) return;
  clearInterval(ready);
  process.stdout.write('ready\n');
}, 10);
