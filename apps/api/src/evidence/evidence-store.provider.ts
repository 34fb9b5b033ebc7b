import type { Provider } from '@nestjs/common';
import { appConfig, type AppConfig } from '@hitos/config';
import { EvidenceStore } from '@hitos/evidence';

/** The data directory's evidence store (`<dataDir>/evidence`). */
export const evidenceStoreProvider: Provider = {
  provide: EvidenceStore,
  inject: [appConfig.KEY],
  useFactory: (config: AppConfig) => EvidenceStore.in(config.dataDir),
};
