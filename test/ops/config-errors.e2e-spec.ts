/**
 * A bad setting stops `npm start` before anything is loaded: exit 1 and one message naming
 * every bad variable, its value and what was expected, in Spanish and English.
 */
import { spawnApi } from './support/api-process';

describe('the API started with bad settings', () => {
  it('exits 1 naming every bad value at once', async () => {
    const api = spawnApi({ PORT: 'abc', HITOS_DEMO: 'maybe', HITOS_DATA_DIR: '/nonexistent' }, 0);
    // spawnApi sets PORT from its argument; the bad one goes over it.
    const { code } = await api.exited;
    expect(code).toBe(1);
    expect(api.output()).toContain(
      'PORT="abc": se esperaba un número de puerto 0–65535 / expected a port number 0–65535',
    );
    expect(api.output()).toContain(
      'HITOS_DEMO="maybe": se esperaba true o false / expected true or false',
    );
    expect(api.output()).toContain('configuración no válida / invalid configuration (2)');
    // Nothing was started: no stack trace, no listening line.
    expect(api.output()).not.toMatch(/at .*\.ts:\d+|está en marcha/);
  });
});
