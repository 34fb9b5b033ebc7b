import type { CommitmentClosed, EvidenceItem, MilestoneProgressReported } from '@hitos/domain';
import { FakeAll, ProjectionSpecification } from '@hitos/testing';
import { evidenceFilesProjection } from './evidence-files.projection';
import { filingsOf, publicEvidenceFiles } from './evidence-files.queries';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const kept = (sha256: string, classification: EvidenceItem['classification']): EvidenceItem => ({
  title: `Acta ${sha256.slice(0, 1)}`,
  url: `/api/evidence/${sha256}`,
  sha256,
  classification,
  size: 1234,
  mediaType: 'application/pdf',
});
const reported = (reportId: string, evidence: EvidenceItem[]): MilestoneProgressReported => ({
  type: 'MilestoneProgressReported',
  data: {
    reportId,
    milestoneId: 'h1',
    percent: 50,
    narrative: 'Avance',
    evidence,
    reportedOn: '2026-06-15',
    classification: 'public',
  },
});

describe('evidence-files projection (which events filed each document)', () => {
  const spec = ProjectionSpecification.for(evidenceFilesProjection);

  it('given a kept file filed reserved then public, then both filings are listed and it is public once', () => {
    const all = new FakeAll();
    all.record('commitment-c1', reported('r1', [kept(A, 'reserved')]));
    all.record('commitment-c2', reported('r2', [kept(A, 'public'), kept(B, 'confidential')]));
    const { db } = spec.given(all);
    expect(filingsOf(db, A)).toEqual([
      expect.objectContaining({
        commitmentId: 'c1',
        classification: 'reserved',
        stored: true,
        size: 1234,
        reportId: 'r1',
      }),
      expect.objectContaining({ commitmentId: 'c2', classification: 'public', title: 'Acta a' }),
    ]);
    expect(publicEvidenceFiles(db)).toEqual([
      expect.objectContaining({ sha256: A, commitmentId: 'c2', url: `/api/evidence/${A}` }),
    ]);
    expect(publicEvidenceFiles(db, 'c1')).toEqual([]);
  });

  it('given a closure citing an outside link by its hash, then it is a filing but not a kept file', () => {
    const all = new FakeAll();
    const closed = {
      type: 'CommitmentClosed',
      data: {
        evidence: [
          {
            title: 'Informe',
            url: 'https://example.org/i.pdf',
            sha256: B,
            classification: 'public',
          },
        ],
      },
    } as unknown as CommitmentClosed;
    all.record('commitment-c3', closed);
    const { db } = spec.given(all);
    expect(filingsOf(db, B)).toEqual([
      expect.objectContaining({ stored: false, reportId: '', eventType: 'CommitmentClosed' }),
    ]);
    expect(publicEvidenceFiles(db)).toEqual([]);
  });
});
