import type { SkinDoseResult } from '@kerma/dosimetry';

/** The engine's result without the map grid: what the API returns and the event summarizes. */
export type SkinDoseFigures = Omit<SkinDoseResult, 'doseMap'>;

export function figuresOf(result: SkinDoseResult): SkinDoseFigures {
  const { doseMap: _map, ...figures } = result;
  return figures;
}
