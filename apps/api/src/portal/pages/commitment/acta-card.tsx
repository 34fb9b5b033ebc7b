/**
 * The acta card: number, date and place of the signature, who signed for each party and in what
 * position, the responsible institution and its unit, the counterpart by name, the administrator.
 */
import { Day } from '../../components/bits';
import { portalPaths } from '../../portal-names';
import type { PageContext } from './commitment.context';

export function ActaCard({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const { detail, names } = data;
  const acta = detail.acta;
  const signatures = detail.signatures;
  const number =
    acta?.actaNumber ?? signatures.institution?.actaNumber ?? signatures.counterpart?.actaNumber;
  const place = acta?.place ?? signatures.institution?.place ?? signatures.counterpart?.place;
  const institution = acta?.signatories.institution ?? signatures.institution?.signatory ?? null;
  const counterpart = acta?.signatories.counterpart ?? signatures.counterpart?.signatory ?? null;
  const administrator = detail.administrator ?? acta?.administrator ?? null;
  return (
    <section class="card acta" aria-labelledby="acta" data-region="acta">
      <h2 id="acta">{m.acta}</h2>
      {acta ? null : <p class="muted">{m.actaUnsigned}</p>}
      <dl class="facts">
        <dt>{m.actaNumber}</dt>
        <dd>{number ?? '—'}</dd>
        <dt>{m.actaSignedOn}</dt>
        <dd>
          <Day locale={locale} iso={acta?.signedOn} />
        </dd>
        <dt>{m.actaPlace}</dt>
        <dd>{place ?? '—'}</dd>
        <dt>{m.responsible}</dt>
        <dd>
          <a href={portalPaths.institution(detail.responsible.institutionId)}>
            {names.institution(detail.responsible.institutionId)}
          </a>
        </dd>
        <dt>{m.unit}</dt>
        <dd>{detail.responsible.unit}</dd>
        <dt>{m.counterpart}</dt>
        <dd>
          <a href={portalPaths.organization(detail.counterpart.organizationId)}>
            {names.organization(detail.counterpart.organizationId)}
          </a>{' '}
          <span class="muted">
            ({m.sector[detail.counterpart.sector] ?? detail.counterpart.sector})
          </span>
        </dd>
        <dt>{m.signatoryInstitution}</dt>
        <dd>
          {institution ? (
            <>
              {institution.name}
              <br />
              <span class="muted">{institution.position}</span>
              {signatures.institution && !acta ? (
                <>
                  {' · '}
                  <Day locale={locale} iso={signatures.institution.signedOn} />
                </>
              ) : null}
            </>
          ) : (
            <span class="muted">{m.notSignedYet}</span>
          )}
        </dd>
        <dt>{m.signatoryCounterpart}</dt>
        <dd>
          {counterpart ? (
            <>
              {counterpart.name}
              <br />
              <span class="muted">{counterpart.position}</span>
              {signatures.counterpart && !acta ? (
                <>
                  {' · '}
                  <Day locale={locale} iso={signatures.counterpart.signedOn} />
                </>
              ) : null}
            </>
          ) : (
            <span class="muted">{m.notSignedYet}</span>
          )}
        </dd>
        <dt>{m.administrator}</dt>
        <dd>
          {administrator ? (
            <>
              {administrator.name}
              <br />
              <span class="muted">
                {administrator.position} · {administrator.unit}
              </span>
              <br />
              <a href={`mailto:${administrator.email}`}>{administrator.email}</a>
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>
    </section>
  );
}
