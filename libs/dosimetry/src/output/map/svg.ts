import { xmlText } from './format';

/** Small SVG element writers; every text goes through xmlText. */
export const FONT_FAMILY = 'DejaVu Sans, sans-serif';

export interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly anchor?: 'start' | 'middle' | 'end';
  /** White outline under the glyphs, so the text stays readable on the map colours. */
  readonly halo?: boolean;
  readonly fill?: string;
  readonly cls?: string;
}

const n = (v: number): string => String(Math.round(v * 100) / 100);

export function text(x: number, y: number, content: string, s: TextStyle = {}): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${s.size ?? 13}"`,
    s.bold ? 'font-weight="bold"' : '',
    s.anchor && s.anchor !== 'start' ? `text-anchor="${s.anchor}"` : '',
    s.fill ? `fill="${s.fill}"` : '',
    s.halo ? 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' : '',
    s.cls ? `class="${s.cls}"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${xmlText(content)}</text>`;
}

export function rect(x: number, y: number, w: number, h: number, attrs: string): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${attrs}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, attrs: string): string {
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" ${attrs}/>`;
}

/** A closed polygon path through the points. */
export function closedPath(points: readonly { x: number; y: number }[]): string {
  return `M${points.map((p) => `${n(p.x)} ${n(p.y)}`).join(' L')} Z`;
}

export { n as svgNumber };
