/**
 * Model metadata as short `[key, value]` lines for a table: sizes in MB, short lists joined, long ones
 * counted, nested objects inlined.
 */
export function describeMetadata(
  metadata: Record<string, unknown>,
  items: (count: number) => string = (count) => `${count} items`,
): Array<[string, string]> {
  return Object.entries(metadata).map(([key, value]) => [key, describeValue(key, value, items)]);
}

function describeValue(key: string, value: unknown, items: (count: number) => string): string {
  if (key === 'bytes' && typeof value === 'number') return `${(value / 1e6).toFixed(1)} MB`;
  if (Array.isArray(value)) {
    const short = value.length <= 3 && value.every((item) => typeof item !== 'object');
    return short ? value.map(String).join(', ') : items(value.length);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([inner, innerValue]) => `${inner}: ${describeValue(inner, innerValue, items)}`)
      .join(', ');
  }
  return String(value);
}
