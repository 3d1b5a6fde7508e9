/**
 * Association negotiation of the C-STORE SCP, as a pure decision: which calling/called AE titles
 * may associate, and which presentation contexts are accepted with which transfer syntax.
 */

/** SOP classes that can carry a dose report (generic SR classes are checked on their content at intake). */
export const DOSE_REPORT_SOP_CLASS_UIDS: readonly string[] = [
  '1.2.840.10008.5.1.4.1.1.88.67', // X-Ray Radiation Dose SR
  '1.2.840.10008.5.1.4.1.1.88.76', // Enhanced X-Ray Radiation Dose SR
  '1.2.840.10008.5.1.4.1.1.88.22', // Enhanced SR
  '1.2.840.10008.5.1.4.1.1.88.33', // Comprehensive SR
  '1.2.840.10008.5.1.4.1.1.88.68', // Radiopharmaceutical Radiation Dose SR
];

/**
 * Image classes whose header can carry dose attributes, and secondary capture (CT dose screens): each
 * object is accepted at intake only when it carries dose figures.
 */
export const HEADER_DOSE_SOP_CLASS_UIDS: readonly string[] = [
  '1.2.840.10008.5.1.4.1.1.1', // CR
  '1.2.840.10008.5.1.4.1.1.1.1', // DX for presentation
  '1.2.840.10008.5.1.4.1.1.1.1.1', // DX for processing
  '1.2.840.10008.5.1.4.1.1.1.2', // MG for presentation
  '1.2.840.10008.5.1.4.1.1.1.2.1', // MG for processing
  '1.2.840.10008.5.1.4.1.1.1.3', // intra-oral for presentation
  '1.2.840.10008.5.1.4.1.1.1.3.1', // intra-oral for processing
  '1.2.840.10008.5.1.4.1.1.12.1', // XA
  '1.2.840.10008.5.1.4.1.1.12.2', // RF
  '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture
];

export const VERIFICATION_SOP_CLASS_UID = '1.2.840.10008.1.1';

/** In order of preference: explicit VR keeps the sender's VRs (private tags included). */
export const ACCEPTED_TRANSFER_SYNTAX_UIDS: readonly string[] = ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2'];

/**
 * Images are read for their header only, which every compressed syntax encodes as explicit VR little
 * endian: their compressed pixel data is kept as sent, so a modality need not decompress to send them.
 */
export const IMAGE_TRANSFER_SYNTAX_UIDS: readonly string[] = [
  ...ACCEPTED_TRANSFER_SYNTAX_UIDS,
  '1.2.840.10008.1.2.4.50', // JPEG Baseline
  '1.2.840.10008.1.2.4.70', // JPEG Lossless SV1
  '1.2.840.10008.1.2.4.80', // JPEG-LS Lossless
  '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless
  '1.2.840.10008.1.2.4.91', // JPEG 2000
  '1.2.840.10008.1.2.5', // RLE Lossless
];

const ACCEPTED_ABSTRACT_SYNTAXES = new Set([...DOSE_REPORT_SOP_CLASS_UIDS, ...HEADER_DOSE_SOP_CLASS_UIDS, VERIFICATION_SOP_CLASS_UID]);
const IMAGE_ABSTRACT_SYNTAXES = new Set(HEADER_DOSE_SOP_CLASS_UIDS);

export interface ProposedContext {
  readonly id: number;
  readonly abstractSyntaxUid: string;
  readonly transferSyntaxUids: readonly string[];
}

export interface AssociationProposal {
  readonly callingAeTitle: string;
  readonly calledAeTitle: string;
  readonly contexts: readonly ProposedContext[];
}

export interface NegotiationPolicy {
  readonly aeTitle: string;
  readonly callingAeAllowlist: readonly string[] | null;
}

export type ContextDecision =
  | { readonly id: number; readonly result: 'accept'; readonly transferSyntaxUid: string }
  | { readonly id: number; readonly result: 'abstract-syntax-not-supported' | 'transfer-syntaxes-not-supported' };

export type AssociationRejectReason = 'called-ae-not-recognized' | 'calling-ae-not-recognized' | 'no-acceptable-context';

export type AssociationDecision =
  | { readonly accept: true; readonly contexts: readonly ContextDecision[] }
  | { readonly accept: false; readonly reason: AssociationRejectReason; readonly contexts: readonly ContextDecision[] };

export function negotiate(proposal: AssociationProposal, policy: NegotiationPolicy): AssociationDecision {
  const contexts = proposal.contexts.map(decideContext);
  const callingAe = proposal.callingAeTitle.trim();
  if (proposal.calledAeTitle.trim() !== policy.aeTitle) return { accept: false, reason: 'called-ae-not-recognized', contexts };
  if (policy.callingAeAllowlist && !policy.callingAeAllowlist.includes(callingAe)) return { accept: false, reason: 'calling-ae-not-recognized', contexts };
  // Like common storage SCPs, an association that could carry nothing is refused outright, so the
  // sender sees the refusal at once instead of a silently skipped object.
  if (!contexts.some((c) => c.result === 'accept')) return { accept: false, reason: 'no-acceptable-context', contexts };
  return { accept: true, contexts };
}

function decideContext(context: ProposedContext): ContextDecision {
  if (!ACCEPTED_ABSTRACT_SYNTAXES.has(context.abstractSyntaxUid)) return { id: context.id, result: 'abstract-syntax-not-supported' };
  const syntaxes = IMAGE_ABSTRACT_SYNTAXES.has(context.abstractSyntaxUid) ? IMAGE_TRANSFER_SYNTAX_UIDS : ACCEPTED_TRANSFER_SYNTAX_UIDS;
  const transferSyntaxUid = syntaxes.find((ts) => context.transferSyntaxUids.includes(ts));
  return transferSyntaxUid ? { id: context.id, result: 'accept', transferSyntaxUid } : { id: context.id, result: 'transfer-syntaxes-not-supported' };
}
