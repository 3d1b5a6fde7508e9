import type { StageFailure } from '../persistence/study-record.entity';

/** A stage that has now completed for a study. */
export type StageCompletion =
  /** The parser assembled the study from these reports: their parse failures are resolved. */
  | { readonly stage: 'parse'; readonly sopInstanceUids: readonly string[] }
  /** The skin dose of the study's current state was calculated. */
  | { readonly stage: 'skin-dose' }
  /** History itself handled an event of this topic for the study. */
  | { readonly stage: 'history'; readonly topic: string };

/**
 * The failures still standing once a stage completed: a failure shown on a study is cleared when
 * that stage later completes (typically after a dead-letter replay), so a study does not keep
 * listing failures that were recovered. A parse failure of a report that is still not in the study
 * stays. Notification has no completion event (no alert is a normal outcome), so its failures stay
 * until an operator looks at them.
 */
export function failuresAfter(failures: readonly StageFailure[], completion: StageCompletion): StageFailure[] {
  return failures.filter((f) => {
    if (f.stage !== completion.stage) return true;
    switch (completion.stage) {
      case 'parse':
        return f.sopInstanceUid !== null && !completion.sopInstanceUids.includes(f.sopInstanceUid);
      case 'skin-dose':
        return false;
      case 'history':
        return f.topic !== completion.topic;
    }
  });
}
