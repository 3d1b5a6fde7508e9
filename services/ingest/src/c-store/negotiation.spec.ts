import { negotiate, type AssociationProposal, type NegotiationPolicy } from './negotiation';

const RDSR = '1.2.840.10008.5.1.4.1.1.88.67';
const ENHANCED_RDSR = '1.2.840.10008.5.1.4.1.1.88.76';
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const VERIFICATION = '1.2.840.10008.1.1';
const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';

const policy: NegotiationPolicy = { aeTitle: 'KERMA', callingAeAllowlist: null };
const proposal = (contexts: AssociationProposal['contexts'], overrides: Partial<AssociationProposal> = {}): AssociationProposal => ({
  callingAeTitle: 'CATHLAB1',
  calledAeTitle: 'KERMA',
  contexts,
  ...overrides,
});

describe('C-STORE SCP association negotiation', () => {
  it('accepts radiopharmaceutical dose SRs, dose-carrying image classes and secondary capture; images also compressed', () => {
    const decision = negotiate(
      proposal([
        { id: 1, abstractSyntaxUid: '1.2.840.10008.5.1.4.1.1.88.68', transferSyntaxUids: [EXPLICIT] },
        { id: 3, abstractSyntaxUid: '1.2.840.10008.5.1.4.1.1.1.1', transferSyntaxUids: [JPEG_BASELINE] },
        { id: 5, abstractSyntaxUid: '1.2.840.10008.5.1.4.1.1.7', transferSyntaxUids: [IMPLICIT] },
        { id: 7, abstractSyntaxUid: '1.2.840.10008.5.1.4.1.1.88.68', transferSyntaxUids: [JPEG_BASELINE] },
      ]),
      policy,
    );
    expect(decision.contexts).toEqual([
      { id: 1, result: 'accept', transferSyntaxUid: EXPLICIT },
      { id: 3, result: 'accept', transferSyntaxUid: JPEG_BASELINE },
      { id: 5, result: 'accept', transferSyntaxUid: IMPLICIT },
      { id: 7, result: 'transfer-syntaxes-not-supported' },
    ]);
  });

  it('accepts dose-report storage and verification, preferring Explicit VR Little Endian', () => {
    const decision = negotiate(
      proposal([
        { id: 1, abstractSyntaxUid: RDSR, transferSyntaxUids: [IMPLICIT, EXPLICIT] },
        { id: 3, abstractSyntaxUid: ENHANCED_RDSR, transferSyntaxUids: [IMPLICIT] },
        { id: 5, abstractSyntaxUid: VERIFICATION, transferSyntaxUids: [IMPLICIT] },
      ]),
      policy,
    );
    expect(decision).toEqual({
      accept: true,
      contexts: [
        { id: 1, result: 'accept', transferSyntaxUid: EXPLICIT },
        { id: 3, result: 'accept', transferSyntaxUid: IMPLICIT },
        { id: 5, result: 'accept', transferSyntaxUid: IMPLICIT },
      ],
    });
  });

  it('rejects image storage contexts and dose contexts without a little-endian uncompressed syntax', () => {
    const decision = negotiate(
      proposal([
        { id: 1, abstractSyntaxUid: CT_IMAGE, transferSyntaxUids: [EXPLICIT] },
        { id: 3, abstractSyntaxUid: RDSR, transferSyntaxUids: [JPEG_BASELINE, BIG_ENDIAN] },
        { id: 5, abstractSyntaxUid: RDSR, transferSyntaxUids: [EXPLICIT] },
      ]),
      policy,
    );
    expect(decision.accept).toBe(true);
    expect(decision.contexts.map((c) => c.result)).toEqual(['abstract-syntax-not-supported', 'transfer-syntaxes-not-supported', 'accept']);
  });

  it('rejects the association when no context can be accepted', () => {
    const decision = negotiate(proposal([{ id: 1, abstractSyntaxUid: CT_IMAGE, transferSyntaxUids: [IMPLICIT, EXPLICIT] }]), policy);
    expect(decision).toMatchObject({ accept: false, reason: 'no-acceptable-context' });
  });

  it('answers only to its own AE title (padding spaces are not significant)', () => {
    const contexts = [{ id: 1, abstractSyntaxUid: VERIFICATION, transferSyntaxUids: [IMPLICIT] }];
    expect(negotiate(proposal(contexts, { calledAeTitle: 'KERMA   ' }), policy).accept).toBe(true);
    expect(negotiate(proposal(contexts, { calledAeTitle: 'kerma' }), policy)).toMatchObject({ accept: false, reason: 'called-ae-not-recognized' });
  });

  it('applies the calling AE allowlist when one is configured', () => {
    const contexts = [{ id: 1, abstractSyntaxUid: RDSR, transferSyntaxUids: [IMPLICIT] }];
    const restricted = { ...policy, callingAeAllowlist: ['CATHLAB1'] };
    expect(negotiate(proposal(contexts, { callingAeTitle: 'CATHLAB1 ' }), restricted).accept).toBe(true);
    expect(negotiate(proposal(contexts, { callingAeTitle: 'CATHLAB2' }), restricted)).toMatchObject({ accept: false, reason: 'calling-ae-not-recognized' });
  });
});
