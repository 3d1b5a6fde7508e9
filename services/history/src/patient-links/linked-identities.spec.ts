import type { PatientIdentity } from '@kerma/contracts';
import { identityId, linkedIdentities } from './linked-identities';

const id = (site: string, patientId: string, issuer: string | null = null): PatientIdentity => ({ site, issuer, patientId });
const ids = (list: PatientIdentity[]) => list.map(identityId).sort();

describe('linkedIdentities', () => {
  const a = id('site-a', '1');
  const b = id('site-b', '2', 'H');
  const c = id('site-c', '3');
  const d = id('site-a', '4');

  it('is the identity alone without links', () => {
    expect(linkedIdentities([a], [])).toEqual([a]);
    expect(linkedIdentities([a], [{ a: b, b: c }])).toEqual([a]);
  });

  it('follows links both ways and through other identities, each identity once', () => {
    const links = [
      { a, b },
      { a: c, b },
      { a: b, b: a },
    ];
    expect(ids(linkedIdentities([a], links))).toEqual(ids([a, b, c]));
    expect(ids(linkedIdentities([c], links))).toEqual(ids([a, b, c]));
    expect(ids(linkedIdentities([a, d], links))).toEqual(ids([a, b, c, d]));
  });

  it('tells an issuer apart from none and from a site', () => {
    expect(ids(linkedIdentities([id('site-b', '2')], [{ a, b }]))).toEqual(ids([id('site-b', '2')]));
  });
});
