import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { storedEvidenceHash } from '@hitos/domain';
import { EvidenceStore } from '@hitos/evidence';
import { EvidenceProblems } from './evidence.problems';

interface EvidenceLike {
  url?: unknown;
  sha256?: unknown;
  size?: unknown;
  mediaType?: unknown;
}

/**
 * The one place every evidence-carrying command passes (a request body with `evidence`, as
 * progress reports and the closure send): before anything is decided, an item whose url is a
 * kept file (`/api/evidence/<sha256>`) must name a file the store holds whose bytes hash to the
 * item's `sha256` (422 EVIDENCE_FILE_NOT_FOUND / EVIDENCE_HASH_MISMATCH, nothing appended), and
 * gets the file's `size` and `mediaType` from the store. Other items carry neither: those are
 * facts hitos vouches for only about the files it keeps.
 */
@Injectable()
export class EvidenceFilesPipe implements PipeTransform {
  constructor(private readonly store: EvidenceStore) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' || !value || typeof value !== 'object') return value;
    const evidence = (value as { evidence?: unknown }).evidence;
    if (!Array.isArray(evidence)) return value;
    for (const [i, item] of (evidence as EvidenceLike[]).entries()) {
      if (!item || typeof item !== 'object') continue;
      const sha256 = storedEvidenceHash(item.url);
      if (!sha256) {
        delete item.size;
        delete item.mediaType;
        continue;
      }
      const field = `evidence[${i}]`;
      const kept = await this.store.describe(sha256);
      if (!kept) throw EvidenceProblems.fileNotFound(`${field}.url`, sha256);
      const claimed = typeof item.sha256 === 'string' ? item.sha256.toLowerCase() : item.sha256;
      if (claimed !== sha256 || kept.sha256 !== sha256) {
        throw EvidenceProblems.hashMismatch(`${field}.sha256`, String(item.sha256), kept.sha256);
      }
      item.size = kept.size;
      item.mediaType = kept.mediaType;
    }
    return value;
  }
}
