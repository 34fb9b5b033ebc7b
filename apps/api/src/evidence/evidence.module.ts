import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { ReadModelsModule } from '../read-models/read-models.module';
import { DownloadEvidenceHttpController } from './download-evidence/download-evidence.http.controller';
import { EvidenceFilesPipe } from './evidence-files.pipe';
import { evidenceStoreProvider } from './evidence-store.provider';
import { FileEvidenceHttpController } from './file-evidence/file-evidence.http.controller';

/**
 * The evidence repository (docs/evidence.md): upload, download, and the check of the kept
 * files an evidence-carrying command cites, once for every command.
 */
@Module({
  imports: [ReadModelsModule],
  controllers: [FileEvidenceHttpController, DownloadEvidenceHttpController],
  providers: [evidenceStoreProvider, { provide: APP_PIPE, useClass: EvidenceFilesPipe }],
  exports: [evidenceStoreProvider],
})
export class EvidenceModule {}
