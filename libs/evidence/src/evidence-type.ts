// file-type 16.5.4 is the last CommonJS line (17+ is ESM only); see docs/evidence.md.
import { fromBuffer } from 'file-type';

/** How many leading bytes are kept to type a file by its content. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The media types hitos keeps as evidence, by what file-type reads in the first bytes: documents,
 * images, office files (OOXML, OpenDocument, legacy OLE) and ZIP archives. Plain text and CSV are
 * typed apart: valid UTF-8 with no NUL byte (file-type knows no text formats).
 */
export const ALLOWED_MEDIA_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  cfb: 'application/x-cfb',
  zip: 'application/zip',
};

export const TEXT_MEDIA_TYPE = 'text/plain; charset=utf-8';

/** What the content says a file is: an allowed media type, or what was found instead. */
export type Sniffed =
  { allowed: true; mediaType: string; extension: string } | { allowed: false; detected: string };

/**
 * Types a file by its content, never by its name: `head` is its first bytes (up to
 * {@link SNIFF_BYTES}), `text` whether the whole file is valid UTF-8 without NUL bytes.
 */
export async function sniffEvidence(head: Buffer, text: boolean): Promise<Sniffed> {
  const found = head.length > 0 ? await fromBuffer(head) : undefined;
  if (found) {
    const mediaType = ALLOWED_MEDIA_TYPES[found.ext];
    return mediaType
      ? { allowed: true, mediaType, extension: found.ext }
      : { allowed: false, detected: found.mime };
  }
  if (text && head.length > 0)
    return { allowed: true, mediaType: TEXT_MEDIA_TYPE, extension: 'txt' };
  return { allowed: false, detected: head.length === 0 ? 'empty' : 'application/octet-stream' };
}

/**
 * Follows a byte stream chunk by chunk and says whether it was all valid UTF-8 without NUL:
 * a file that is text. Keeps no more than the decoder's few pending bytes.
 */
export class Utf8Watch {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private valid = true;

  push(chunk: Buffer): void {
    if (!this.valid) return;
    if (chunk.includes(0)) {
      this.valid = false;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
  }

  /** True when everything pushed was text; call once, at the end. */
  end(): boolean {
    if (!this.valid) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}
