const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard, padded base64 (RFC 4648 §4) and nothing else: Node's own decoder skips
 * characters it does not know and accepts missing padding, so one text could stand for the
 * same bytes in several spellings. Null when `text` is not the canonical encoding of its bytes.
 */
export function decodeBase64(text: string): Buffer | null {
  if (!STANDARD_BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
