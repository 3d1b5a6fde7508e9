import type { AlertState, SkinFinding } from '@kerma/contracts';

/** What a person (or, for mark-overdue, the reminder sweep) does to an alert. */
export const FOLLOW_UP_ACTIONS = ['acknowledge', 'inform-patient', 'schedule-skin-check', 'mark-overdue', 'close'] as const;
export type FollowUpAction = (typeof FOLLOW_UP_ACTIONS)[number];

const TRANSITIONS: Readonly<Record<FollowUpAction, { readonly from: readonly AlertState[]; readonly to: AlertState }>> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  'inform-patient': { from: ['acknowledged'], to: 'patient-informed' },
  'schedule-skin-check': { from: ['patient-informed'], to: 'skin-check-due' },
  'mark-overdue': { from: ['skin-check-due'], to: 'skin-check-overdue' },
  close: { from: ['skin-check-due', 'skin-check-overdue'], to: 'closed' },
};

/** Refused transition: the HTTP layer answers 409 with this code, the current state and the states the action needs. */
export class InvalidTransitionError extends Error {
  readonly code = 'invalid-transition';
  constructor(
    readonly state: AlertState,
    readonly action: FollowUpAction,
    readonly allowedFrom: readonly AlertState[],
  ) {
    super(`cannot ${action} an alert that is ${state}: ${action} needs the alert to be ${allowedFrom.join(' or ')}`);
  }
}

/** The state an action leads to from the current one, or InvalidTransitionError. */
export function nextState(state: AlertState, action: FollowUpAction): AlertState {
  const t = TRANSITIONS[action];
  if (!t.from.includes(state)) throw new InvalidTransitionError(state, action, t.from);
  return t.to;
}

/** SIR (Stecker et al., JVIR 2009;20:S263): examine the skin 2–4 weeks after the procedure; the due date is the end of that span. */
export const SKIN_CHECK_DEFAULT_DAYS = 28;

/** The default skin check date: 4 weeks after the procedure (the alert's raise), as YYYY-MM-DD. */
export function defaultSkinCheckDueOn(raisedAt: string): string {
  return new Date(Date.parse(raisedAt) + SKIN_CHECK_DEFAULT_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/** Overdue once the due date has passed entirely (today, in UTC, after dueOn). */
export function isSkinCheckOverdue(dueOn: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) > dueOn;
}

/**
 * NCI CTCAE v5 "Dermatitis radiation": grade 1 faint erythema or dry desquamation; 2 moderate to brisk
 * erythema, patchy moist desquamation; 3 confluent moist desquamation; 4 skin necrosis or full-thickness
 * ulceration; 5 death. Grade 0: the check found no effect.
 */
const GRADES_OF: Readonly<Record<SkinFinding, readonly number[]>> = {
  'no-effect': [0],
  erythema: [1, 2],
  'dry-desquamation': [1],
  'moist-desquamation': [2, 3],
  ulceration: [3, 4],
  necrosis: [4, 5],
};

/** Refuses an outcome whose grade does not fit the finding (null when it fits). */
export function outcomeProblem(finding: SkinFinding, ctcaeGrade: number): string | null {
  const grades = GRADES_OF[finding];
  return grades.includes(ctcaeGrade) ? null : `a finding of ${finding} is CTCAE grade ${grades.join(' or ')}, not ${ctcaeGrade}`;
}
