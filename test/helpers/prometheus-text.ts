import parsePrometheusTextFormat from 'parse-prometheus-text-format';

type Labels = Record<string, string>;
interface Sample {
  labels: Labels;
  value: number;
}

const sameLabels = (a: Labels, b: Labels): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

const withoutLe = ({ le: _le, ...labels }: Labels): Labels => labels;

/**
 * One scrape's text, parsed with parse-prometheus-text-format, read by metric name and exact label set.
 *
 * That parser folds a histogram's samples into one set of buckets keyed by `le` alone, dropping the other labels
 * and the labelled `_count` and `_sum` (its flattenMetrics), so a histogram with labels cannot be read from its
 * result. The text is therefore parsed twice: as it is, for each family's declared type; and without the
 * histograms' TYPE lines, where the parser gives the `_bucket`, `_count` and `_sum` samples as the plain labelled
 * samples they are.
 */
export class Scrape {
  private readonly types = new Map<string, string>();
  private readonly samplesByName = new Map<string, Sample[]>();

  constructor(text: string) {
    for (const family of parsePrometheusTextFormat(text)) {
      if (!this.types.has(family.name)) this.types.set(family.name, family.type);
    }
    const histogramTypeLines = new Set(
      [...this.types].filter(([, type]) => type === 'HISTOGRAM').map(([name]) => `# TYPE ${name} histogram`),
    );
    const plain = text
      .split('\n')
      .filter((line) => !histogramTypeLines.has(line))
      .join('\n');
    // prom-client writes a labelled histogram's samples label set by label set, so one name comes back as
    // several families: they are joined here.
    for (const family of parsePrometheusTextFormat(plain)) {
      const samples = this.samplesByName.get(family.name) ?? [];
      for (const sample of family.metrics)
        samples.push({ labels: sample.labels ?? {}, value: Number(sample.value) });
      this.samplesByName.set(family.name, samples);
    }
  }

  names(): string[] {
    return [...this.types.keys()];
  }

  /** The family's type as the text declares it (COUNTER, GAUGE, HISTOGRAM, ...). */
  type(name: string): string {
    const type = this.types.get(name);
    if (type === undefined)
      throw new Error(`no metric ${name} in the scrape (it has ${this.names().join(', ')})`);
    return type;
  }

  /** Every sample of a counter or gauge (or a histogram's `_bucket`, `_count`, `_sum`), with its labels. */
  samples(name: string): Sample[] {
    const samples = this.samplesByName.get(name);
    if (!samples)
      throw new Error(`no samples named ${name} in the scrape (it has ${this.names().join(', ')})`);
    return samples;
  }

  /** The value of the sample with exactly these labels; undefined when there is none. */
  value(name: string, labels: Labels = {}): number | undefined {
    return this.samples(name).find((sample) => sameLabels(sample.labels, labels))?.value;
  }

  /** A histogram's count, sum and cumulative buckets (by `le`) for exactly these labels; undefined when none. */
  histogram(
    name: string,
    labels: Labels = {},
  ): { count: number; sum: number; buckets: Record<string, number> } | undefined {
    if (this.type(name) !== 'HISTOGRAM') throw new Error(`${name} is a ${this.type(name)}, not a histogram`);
    const count = this.value(`${name}_count`, labels);
    const sum = this.value(`${name}_sum`, labels);
    if (count === undefined || sum === undefined) return undefined;
    const buckets: Record<string, number> = {};
    for (const sample of this.samples(`${name}_bucket`)) {
      if (sameLabels(withoutLe(sample.labels), labels)) buckets[sample.labels.le ?? ''] = sample.value;
    }
    return { count, sum, buckets };
  }
}
