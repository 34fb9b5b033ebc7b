import { ZipFile } from 'yazl';
import { Utf8Watch, sniffEvidence } from './evidence-type';

/** A zip of these entries (stored, not compressed: the first bytes show their names). */
function zip(entries: [string, string][]): Promise<Buffer> {
  const file = new ZipFile();
  for (const [name, content] of entries)
    file.addBuffer(Buffer.from(content), name, { compress: false });
  file.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) =>
    file.outputStream
      .on('data', (chunk: Buffer) => chunks.push(chunk))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject),
  );
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489',
  'hex',
);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]);

const textOf = (...chunks: Buffer[]) => {
  const watch = new Utf8Watch();
  for (const chunk of chunks) watch.push(chunk);
  return watch.end();
};

describe('sniffEvidence: a file typed by its content, never by its name', () => {
  it('given the first bytes of a PDF or a PNG, then it names their media type', async () => {
    expect(await sniffEvidence(PDF, false)).toEqual({
      allowed: true,
      mediaType: 'application/pdf',
      extension: 'pdf',
    });
    expect(await sniffEvidence(PNG, false)).toMatchObject({
      allowed: true,
      mediaType: 'image/png',
    });
  });

  it('given office documents and a plain ZIP, then each is named by what its entries say', async () => {
    const docx = await zip([
      ['[Content_Types].xml', '<Types/>'],
      ['word/document.xml', '<w:document/>'],
    ]);
    expect(await sniffEvidence(docx, false)).toMatchObject({ allowed: true, extension: 'docx' });
    const ods = await zip([
      ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'],
      ['content.xml', '<office:document-content/>'],
    ]);
    expect(await sniffEvidence(ods, false)).toMatchObject({
      allowed: true,
      mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
    });
    expect(await sniffEvidence(await zip([['datos.csv', 'a,b']]), false)).toMatchObject({
      allowed: true,
      mediaType: 'application/zip',
    });
  });

  it('given an executable, then it refuses it and says what it found', async () => {
    expect(await sniffEvidence(EXE, false)).toEqual({
      allowed: false,
      detected: 'application/x-msdownload',
    });
  });

  it('given UTF-8 text with no NUL (a CSV), then it is text; with a NUL or bad UTF-8 it is refused', async () => {
    const csv = Buffer.from('institución,avance\nMDT,60\n');
    expect(await sniffEvidence(csv, textOf(csv))).toEqual({
      allowed: true,
      mediaType: 'text/plain; charset=utf-8',
      extension: 'txt',
    });
    const binary = Buffer.from([0x41, 0x00, 0x42]);
    expect(await sniffEvidence(binary, textOf(binary))).toEqual({
      allowed: false,
      detected: 'application/octet-stream',
    });
    expect(textOf(Buffer.from([0xc3, 0x28]))).toBe(false);
  });

  it('given a character split between two chunks, then the text watch still reads it as UTF-8', () => {
    const n = Buffer.from('ñ');
    expect(textOf(n.subarray(0, 1), n.subarray(1))).toBe(true);
    expect(textOf(n.subarray(0, 1))).toBe(false);
  });

  it('given an empty file, then it is refused as empty', async () => {
    expect(await sniffEvidence(Buffer.alloc(0), true)).toEqual({
      allowed: false,
      detected: 'empty',
    });
  });
});
