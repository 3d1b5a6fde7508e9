import { ALERT_STATES, type AlertState } from '@kerma/contracts';
import {
  defaultSkinCheckDueOn,
  FOLLOW_UP_ACTIONS,
  InvalidTransitionError,
  isSkinCheckOverdue,
  nextState,
  outcomeProblem,
  type FollowUpAction,
} from './follow-up';

describe('follow-up state machine', () => {
  it('walks open → acknowledged → patient-informed → skin-check-due → closed', () => {
    let state: AlertState = 'open';
    for (const action of ['acknowledge', 'inform-patient', 'schedule-skin-check', 'close'] as const) state = nextState(state, action);
    expect(state).toBe('closed');
  });

  it('an overdue check becomes skin-check-overdue and can still be closed', () => {
    expect(nextState('skin-check-due', 'mark-overdue')).toBe('skin-check-overdue');
    expect(nextState('skin-check-overdue', 'close')).toBe('closed');
  });

  const allowed: Record<FollowUpAction, AlertState[]> = {
    acknowledge: ['open'],
    'inform-patient': ['acknowledged'],
    'schedule-skin-check': ['patient-informed'],
    'mark-overdue': ['skin-check-due'],
    close: ['skin-check-due', 'skin-check-overdue'],
  };
  const refused = FOLLOW_UP_ACTIONS.flatMap((action) => ALERT_STATES.filter((s) => !allowed[action].includes(s)).map((s) => [s, action] as const));

  it.each(refused)('refuses from %s: %s (a specific error naming the states it needs)', (state, action) => {
    let error: unknown;
    try {
      nextState(state, action);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({ code: 'invalid-transition', state, action, allowedFrom: allowed[action] });
    expect((error as Error).message).toContain(`cannot ${action} an alert that is ${state}`);
  });

  it('closed is final and a state is never entered twice (one message per alert and state)', () => {
    expect(refused.filter(([s]) => s === 'closed')).toHaveLength(FOLLOW_UP_ACTIONS.length);
  });
});

describe('skin check dates (SIR: 2–4 weeks after the procedure)', () => {
  it('defaults to 28 days after the alert was raised', () => {
    expect(defaultSkinCheckDueOn('2026-03-01T10:00:00.000Z')).toBe('2026-03-29');
  });

  it('is overdue only once the due day has passed', () => {
    expect(isSkinCheckOverdue('2026-03-29', new Date('2026-03-29T23:59:00Z'))).toBe(false);
    expect(isSkinCheckOverdue('2026-03-29', new Date('2026-03-30T00:00:00Z'))).toBe(true);
  });
});

describe('outcome (NCI CTCAE v5 dermatitis radiation)', () => {
  it.each([
    ['no-effect', 0, null],
    ['erythema', 1, null],
    ['erythema', 2, null],
    ['moist-desquamation', 3, null],
    ['necrosis', 4, null],
    ['no-effect', 1, /no-effect is CTCAE grade 0, not 1/],
    ['erythema', 4, /erythema is CTCAE grade 1 or 2, not 4/],
  ] as const)('%s grade %d', (finding, grade, problem) => {
    const found = outcomeProblem(finding, grade);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
