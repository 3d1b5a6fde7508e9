import { presentSkinDoseResult, type SkinDoseResult } from '@kerma/dosimetry';

/** The engine's result without the map grid, rounded as shown (API, event, stored figures). */
export type SkinDoseFigures = Omit<SkinDoseResult, 'doseMap'>;

export function figuresOf(result: SkinDoseResult): SkinDoseFigures {
  const { doseMap: _map, ...figures } = presentSkinDoseResult(result);
  return figures;
}
