import { checkEvidence, storedEvidenceHash, toEvidence } from './evidence';

const SHA = 'a'.repeat(64);
const item = { title: 'Acta', url: `/api/evidence/${SHA}`, sha256: SHA, classification: 'public' };

describe('evidence items with a kept file', () => {
  it('given a stored file’s url, then its hash is read from it; any other url names none', () => {
    expect(storedEvidenceHash(`/api/evidence/${SHA}`)).toBe(SHA);
    expect(storedEvidenceHash('https://example.org/acta.pdf')).toBeNull();
    expect(storedEvidenceHash(`/api/evidence/${SHA}/x`)).toBeNull();
  });

  it('given size and media type, then they are checked and kept; absent, the item is as before', () => {
    expect(checkEvidence('evidence', [{ ...item, size: 12, mediaType: 'application/pdf' }])).toBe(
      undefined,
    );
    expect(checkEvidence('evidence', [{ ...item, size: -1 }])).toMatchObject({
      code: 'INVALID_FIELD',
      details: { field: 'evidence[0].size' },
    });
    expect(
      toEvidence([{ ...item, classification: 'public', size: 12, mediaType: 'text/csv' }]),
    ).toEqual([{ ...item, size: 12, mediaType: 'text/csv' }]);
    expect(toEvidence([{ ...item, classification: 'public' }])).toEqual([item]);
  });
});
