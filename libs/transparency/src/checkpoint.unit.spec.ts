import { CheckpointFormatError, formatCheckpoint, parseCheckpoint } from './checkpoint';

// The example of C2SP tlog-checkpoint.
const C2SP_BODY =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

const root = Buffer.from('0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62', 'hex');

describe('checkpoints', () => {
  it('reads the C2SP example', () => {
    expect(parseCheckpoint(C2SP_BODY)).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      root,
    });
  });

  it('writes origin, decimal size and base64 root, one per line', () => {
    expect(formatCheckpoint({ origin: 'example.com/behind-the-sofa', size: 20852163, root })).toBe(
      C2SP_BODY,
    );
    expect(formatCheckpoint({ origin: 'o', size: 0, root: Buffer.alloc(32) })).toBe(
      'o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n',
    );
  });

  it('keeps extension lines', () => {
    const checkpoint = { origin: 'o', size: 5, root, extensions: ['ext one', 'ext two'] };
    const body = formatCheckpoint(checkpoint);
    expect(body.endsWith('\next one\next two\n')).toBe(true);
    expect(parseCheckpoint(body)).toEqual(checkpoint);
  });

  it.each([
    ['no final newline', C2SP_BODY.slice(0, -1), /end with a newline/],
    ['two lines', 'example.com/x\n5\n', /origin, a tree size and a root/],
    ['an empty origin', `\n5\n${root.toString('base64')}\n`, /origin must be a non-empty line/],
    ['a leading zero', `o\n05\n${root.toString('base64')}\n`, /leading zeros/],
    ['a negative size', `o\n-5\n${root.toString('base64')}\n`, /decimal number/],
    ['a size with a plus', `o\n+5\n${root.toString('base64')}\n`, /decimal number/],
    ['a size beyond 2^53', `o\n9007199254740993\n${root.toString('base64')}\n`, /decimal/],
    ['a short root', 'o\n5\nAAAA\n', /32 bytes/],
    ['unpadded base64', `o\n5\n${root.toString('base64').slice(0, -1)}\n`, /base64/],
    ['base64url', 'o\n5\nCsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=\n', /base64/],
    ['an empty extension line', `${C2SP_BODY}\n`, /extension line 1 must be a non-empty/],
    ['a tab', `o\t\n5\n${root.toString('base64')}\n`, /control character/],
    ['a carriage return', C2SP_BODY.replace(/\n/g, '\r\n'), /control character|decimal/],
  ])('refuses a body with %s', (_what, body, why) => {
    expect(() => parseCheckpoint(body)).toThrow(CheckpointFormatError);
    expect(() => parseCheckpoint(body)).toThrow(/^checkpoint inválido \/ invalid checkpoint: /);
    expect(() => parseCheckpoint(body)).toThrow(why);
  });

  it('refuses to write what it could not read back', () => {
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, root })).toThrow(/origin/);
    expect(() => formatCheckpoint({ origin: '', size: 1, root })).toThrow(/origin/);
    expect(() => formatCheckpoint({ origin: 'o', size: -1, root })).toThrow(/tree size/);
    expect(() => formatCheckpoint({ origin: 'o', size: 1.5, root })).toThrow(/tree size/);
    expect(() => formatCheckpoint({ origin: 'o', size: 1, root: root.subarray(1) })).toThrow(
      /32 bytes/,
    );
    expect(() => formatCheckpoint({ origin: 'o', size: 1, root, extensions: [''] })).toThrow(
      /extension line 1/,
    );
  });
});
