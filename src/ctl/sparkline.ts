/** Unicode block sparklines for `top --history` (docs/ctl.md). */

const BLOCKS = '▁▂▃▄▅▆▇█';
/** A time at which the pod or container was not sampled yet: not a zero. */
export const NOT_SAMPLED = '·';

/**
 * At most `width` values, each the highest of the samples it stands for (a spike stays visible), the buckets
 * counted back from the newest sample; null where none of its samples exists.
 */
export function downsample(values: ReadonlyArray<number | null>, width: number): Array<number | null> {
  const per = Math.max(1, Math.ceil(values.length / width));
  const buckets: Array<number | null> = [];
  for (let end = values.length; end > 0; end -= per) {
    let highest: number | null = null;
    for (const value of values.slice(Math.max(0, end - per), end))
      if (value !== null) highest = Math.max(highest ?? value, value);
    buckets.unshift(highest);
  }
  return buckets;
}

/** One block per value, from ▁ (0) to █ (`scale` or more); `scale` 0 draws everything as ▁. */
export function sparkline(values: ReadonlyArray<number | null>, scale: number): string {
  return values
    .map((value) => {
      if (value === null) return NOT_SAMPLED;
      if (scale <= 0 || value <= 0) return BLOCKS[0];
      return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((value / scale) * BLOCKS.length))];
    })
    .join('');
}
