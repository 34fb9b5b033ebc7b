/**
 * hitos's evidence repository: files kept by the SHA-256 of their content, typed by their
 * bytes, never by their names. See docs/evidence.md.
 */
export {
  EvidenceStore,
  EvidenceTooLargeError,
  EvidenceTypeNotAllowedError,
  SHA256_HEX,
  hashFile,
  type StoredEvidence,
} from './evidence-store';
export {
  ALLOWED_MEDIA_TYPES,
  SNIFF_BYTES,
  TEXT_MEDIA_TYPE,
  Utf8Watch,
  sniffEvidence,
  type Sniffed,
} from './evidence-type';
