import { loadAppConfig, type AppConfig } from '@hitos/config';
import { CliError } from '../conventions/cli-error';
import type { StoreSelection } from './store-access';

/**
 * hitos's settings as the API reads them (a rebuilt or replayed timers model must mean what the
 * API's means), with `--data-dir` in place of HITOS_DATA_DIR. A bad variable is exit 2.
 */
export function appSettings(
  selection: StoreSelection,
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): AppConfig {
  try {
    return loadAppConfig(
      selection.dataDir === undefined ? env : { ...env, HITOS_DATA_DIR: selection.dataDir },
      cwd,
    );
  } catch (error) {
    throw new CliError(
      `configuración no válida: ${(error as Error).message}`,
      `invalid settings: ${(error as Error).message}`,
    );
  }
}

/** The bearer token for a remote hitos: `--token`, else HITOS_TOKEN. */
export function remoteToken(
  given: string | undefined,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  return given ?? (env.HITOS_TOKEN?.trim() || undefined);
}
