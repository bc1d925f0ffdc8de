/**
 * Point colours: a stable colour per person (the same id gets the same colour on every map and every
 * visit), grey for unlabeled faces, suggested faces faint, and points a filter leaves out dimmed (never
 * removed, so positions stay where the eye left them).
 */

/** RGBA, 0..255 each. */
export type Rgba = readonly [number, number, number, number];

export const unlabeledColour: Rgba = [138, 143, 152, 170];
export const dimmedColour: Rgba = [110, 114, 122, 28];
export const selectedColour: Rgba = [255, 214, 10, 255];
const confirmedAlpha = 235;
const suggestedAlpha = 80;

function clampByte(x: number): number {
  return Math.max(0, Math.min(255, Math.round(x * 255)));
}

function linearToSrgb(x: number): number {
  const c = Math.max(0, Math.min(1, x));
  return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
}

/** OKLCH (L 0..1, C ~0..0.3, h in degrees) to sRGB bytes; out-of-gamut channels are clipped. */
export function oklchToRgb(l: number, c: number, hDegrees: number): [number, number, number] {
  const h = (hDegrees * Math.PI) / 180;
  const a = c * Math.cos(h);
  const b = c * Math.sin(h);
  const l1 = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m1 = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s1 = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const r = 4.0767416621 * l1 - 3.3077115913 * m1 + 0.2309699292 * s1;
  const g = -1.2684380046 * l1 + 2.6097574011 * m1 - 0.3413193965 * s1;
  const bl = -0.0041960863 * l1 - 0.7034186147 * m1 + 1.707614701 * s1;
  return [clampByte(linearToSrgb(r)), clampByte(linearToSrgb(g)), clampByte(linearToSrgb(bl))];
}

/**
 * A person's colour: the golden angle turns the hue by ~137.5 degrees from one id to the next (OKLCH, so
 * hues look equally bright), and three lightness/chroma steps keep ids whose hues come round close apart.
 * Ids are stable, so a person keeps their colour on every map and every visit.
 */
export function personColour(personId: number): [number, number, number] {
  const hue = (personId * 137.50776405) % 360;
  const step = Math.abs(personId) % 3;
  const lightness = [0.72, 0.6, 0.84][step] as number;
  const chroma = [0.16, 0.15, 0.12][step] as number;
  return oklchToRgb(lightness, chroma, hue);
}

/** What decides a point's colour. */
export interface PointStyleInput {
  personIds: readonly (number | null)[];
  assignments: readonly ('confirmed' | 'suggested' | null)[];
  /** Per point: false dims it (a filter leaves it out); absent: every point matches. */
  matches?: (index: number) => boolean;
  /** Per point: true paints it as selected. */
  selected?: (index: number) => boolean;
}

/** One RGBA8 colour per point, in point order, for the renderer's colour buffer. */
export function pointColours(input: PointStyleInput): Uint8Array {
  const n = input.personIds.length;
  const out = new Uint8Array(n * 4);
  const cache = new Map<number, [number, number, number]>();
  for (let i = 0; i < n; i++) {
    let colour: Rgba;
    const person = input.personIds[i];
    if (input.selected?.(i)) colour = selectedColour;
    else if (input.matches && !input.matches(i)) colour = dimmedColour;
    else if (person === null || person === undefined) colour = unlabeledColour;
    else {
      let rgb = cache.get(person);
      if (!rgb) cache.set(person, (rgb = personColour(person)));
      const alpha = input.assignments[i] === 'suggested' ? suggestedAlpha : confirmedAlpha;
      colour = [rgb[0], rgb[1], rgb[2], alpha];
    }
    out.set(colour, i * 4);
  }
  return out;
}

/** A CSS colour for a person (the legend's swatch). */
export function personCss(personId: number): string {
  const [r, g, b] = personColour(personId);
  return `rgb(${r} ${g} ${b})`;
}
