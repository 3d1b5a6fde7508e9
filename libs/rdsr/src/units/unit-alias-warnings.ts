import type { ContentItem } from '../sr/content-item';
import { ucumSpellingOf } from './unit-table';

/**
 * One warning per (alias, concept) for the measured values of a report written in a non-UCUM unit
 * spelling that Kerma reads as the UCUM unit it stands for: the reader can tell which device needs
 * its units fixed, and how many values each spelling concerned.
 */
export function unitAliasWarnings(root: ContentItem): string[] {
  const counts = new Map<string, { alias: string; ucum: string; concept: string; count: number }>();
  const visit = (item: ContentItem): void => {
    if (item.valueType === 'NUM' && item.unit !== null) {
      const ucum = ucumSpellingOf(item.unit.value);
      if (ucum !== null) {
        const concept = item.concept ? `${item.concept.value} "${item.concept.meaning}"` : '?';
        const key = `${item.unit.value}|${concept}`;
        const seen = counts.get(key);
        if (seen) seen.count += 1;
        else counts.set(key, { alias: item.unit.value, ucum, concept, count: 1 });
      }
    }
    for (const c of item.children) visit(c);
  };
  visit(root);
  return [...counts.values()].map(
    (a) => `unit "${a.alias}" is not UCUM; read as "${a.ucum}" for ${a.count} value${a.count === 1 ? '' : 's'} of concept ${a.concept}`,
  );
}
