import { ALLOWED_MEDIA_TYPES, TEXT_MEDIA_TYPE } from '@hitos/evidence';

const EXTENSION_OF: Record<string, string> = Object.fromEntries([
  ...Object.entries(ALLOWED_MEDIA_TYPES).map(([extension, type]) => [type, extension]),
  [TEXT_MEDIA_TYPE, 'txt'],
  ['application/x-cfb', 'doc'],
]);

/**
 * The file name a download is offered under: the title it was filed with, stripped of what a
 * file system or a header could misread (separators, control and quote characters), at most
 * 120 characters, with the extension of its type by content.
 */
export function attachmentName(title: string, mediaType: string): string {
  const base =
    title
      .normalize('NFC')
      .replace(/[\p{Cc}\p{Cf}\\/:*?"<>|;]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^\.+/, '')
      .slice(0, 120)
      .trim() || 'evidencia';
  const extension = EXTENSION_OF[mediaType];
  if (!extension || base.toLowerCase().endsWith(`.${extension}`)) return base;
  return `${base}.${extension}`;
}

/**
 * `Content-Disposition: attachment` for a name (RFC 6266): an ASCII `filename` (accents
 * dropped, anything else `_`) for old clients, and the name itself as `filename*` in UTF-8.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return ascii === name
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
