import { AT, DeciderSpecification, MDT_ID, actors, command } from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import {
  evidenceDownloadsDecider,
  evidenceDownloadsStreamName,
  summarizeEvidenceDownload,
  type ClassifiedEvidenceDownloaded,
  type RecordClassifiedEvidenceDownload,
} from './evidence-download';

const spec = DeciderSpecification.for(evidenceDownloadsDecider);
const SHA = 'b'.repeat(64);
const record = (actor: Actor, data: Partial<RecordClassifiedEvidenceDownload['data']> = {}) =>
  command<RecordClassifiedEvidenceDownload>(
    'RecordClassifiedEvidenceDownload',
    { sha256: SHA, classification: 'reserved', commitmentIds: ['c-1'], ...data },
    actor,
    AT.review,
  );

describe('downloads of classified evidence, each recorded', () => {
  it('given a reserved file, when the responsible institution downloads it, then the download names them and the time', () => {
    const downloaded: ClassifiedEvidenceDownloaded = {
      type: 'ClassifiedEvidenceDownloaded',
      data: {
        sha256: SHA,
        classification: 'reserved',
        commitmentIds: ['c-1'],
        downloadedBy: { id: actors.mdt.id, role: 'institution', organizationId: MDT_ID },
        downloadedAt: AT.review,
      },
    };
    spec
      .given([])
      .when(record(actors.mdt as Actor))
      .then([downloaded]);
    spec
      .given([downloaded])
      .when(record(actors.mdt as Actor))
      .thenState({ downloads: 2 });
    expect(evidenceDownloadsStreamName(SHA)).toBe(`evidence-downloads-${SHA}`);
    expect(summarizeEvidenceDownload(downloaded).en).not.toContain(actors.mdt.id);
  });

  it('given a public classification or a bad hash, then nothing is recorded', () => {
    spec
      .given([])
      .when(record(actors.mdt as Actor, { classification: 'public' }))
      .thenError('INVALID_FIELD');
    spec
      .given([])
      .when(record(actors.mdt as Actor, { sha256: 'x' }))
      .thenError('EVIDENCE_HASH_INVALID');
  });
});
