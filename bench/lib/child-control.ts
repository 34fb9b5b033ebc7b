/**
 * The control side of a server child process: answers the driver's IPC messages (stop, memory
 * stats, and start/stop of a CPU profile limited to one benchmark phase) and stops the server
 * when the driver goes away.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { isParentMessage, sendToParent } from './ipc';

function post<T = unknown>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

export function installChildControl(stopServer: () => Promise<void>): void {
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await stopServer();
    } finally {
      sendToParent({ type: 'stopped' });
      process.exit(0);
    }
  };

  let session: Session | undefined;
  process.on('message', (raw: unknown) => {
    if (!isParentMessage(raw)) return;
    switch (raw.type) {
      case 'stop':
        void stop();
        break;
      case 'stats':
        sendToParent({ type: 'stats', memory: process.memoryUsage() });
        break;
      case 'profile-start':
        void (async () => {
          try {
            session = new Session();
            session.connect();
            await post(session, 'Profiler.enable');
            await post(session, 'Profiler.setSamplingInterval', {
              interval: raw.samplingIntervalUs ?? 500,
            });
            await post(session, 'Profiler.start');
            sendToParent({ type: 'profile-started' });
          } catch (err) {
            sendToParent({ type: 'profile-failed', message: String(err) });
          }
        })();
        break;
      case 'profile-stop':
        void (async () => {
          try {
            if (!session) throw new Error('no profile running');
            const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
            session.disconnect();
            session = undefined;
            writeFileSync(raw.file, JSON.stringify(profile));
            sendToParent({ type: 'profile-saved', file: raw.file });
          } catch (err) {
            sendToParent({ type: 'profile-failed', message: String(err) });
          }
        })();
        break;
    }
  });
  // The driver died: do not linger.
  process.on('disconnect', () => void stop());
}
