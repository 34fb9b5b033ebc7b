import {
  actionPlanDecider,
  fold,
  institutionDecider,
  organizationDecider,
  type InstitutionEvent,
} from '@hitos/domain';
import {
  FAE_ID,
  FakeAll,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  PLAN_ID,
  ProjectionSpecification,
  actionPlanRegistered,
  fundacionAlianzaRegistered,
  mdtMerged,
  ministerioDelTrabajoRegistered,
  sercopRegistered,
} from '@hitos/testing';
import { registryProjection } from './registry.projection';
import { registryEntry, registryList } from './registry.queries';

describe('registry projection (plans, institutions, organizations)', () => {
  const spec = ProjectionSpecification.for(registryProjection);

  const world = () => {
    const all = new FakeAll();
    all.record(`institution-${OTHER_INSTITUTION_ID}`, sercopRegistered);
    all.record(`plan-${PLAN_ID}`, actionPlanRegistered);
    all.record(`institution-${MDT_ID}`, ministerioDelTrabajoRegistered);
    all.record(`organization-${FAE_ID}`, fundacionAlianzaRegistered);
    return all;
  };

  it('given registrations, then each kind lists its states in the order registered, each at its revision', () => {
    const model = spec.given(world());
    expect(registryList(model.db, 'institution')).toEqual([
      { state: fold(institutionDecider, [sercopRegistered]), revision: 0n },
      { state: fold(institutionDecider, [ministerioDelTrabajoRegistered]), revision: 0n },
    ]);
    expect(registryList(model.db, 'plan')).toEqual([
      { state: fold(actionPlanDecider, [actionPlanRegistered]), revision: 0n },
    ]);
    expect(registryList(model.db, 'organization')).toEqual([
      { state: fold(organizationDecider, [fundacionAlianzaRegistered]), revision: 0n },
    ]);
  });

  it('given a redesign, then the institution reads as the domain folds its stream, at the new revision', () => {
    const all = world();
    const model = spec.given(all);
    all.record(`institution-${MDT_ID}`, mdtMerged);
    model.when(all);
    const history: InstitutionEvent[] = [ministerioDelTrabajoRegistered, mdtMerged];
    expect(registryEntry(model.db, 'institution', MDT_ID)).toEqual({
      state: fold(institutionDecider, history),
      revision: 1n,
    });
    expect(registryEntry(model.db, 'institution', MDT_ID)?.state.status).toBe('Ended');
  });

  it('knows nothing of an id never registered, nor of one of another kind', () => {
    const model = spec.given(world());
    expect(registryEntry(model.db, 'institution', 'nope')).toBeNull();
    expect(registryEntry(model.db, 'organization', MDT_ID)).toBeNull();
  });
});
