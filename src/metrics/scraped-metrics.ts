import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * One series as prom-client's text writer takes it. `sharedLabels` is an object reused by many series (a pod's
 * labels): the writer formats an object's labels once and keeps the text while the object lives. prom-client 15
 * reads it from each value (lib/registry.js, getMetricsAsString) though its types do not name it; should a later
 * version stop, those labels would go missing, which the tests that read the labels back would catch.
 */
export interface ScrapedValue {
  value: number;
  labels: Record<string, string>;
  sharedLabels?: Readonly<Record<string, string>>;
}

interface ScrapedConfig {
  name: string;
  help: string;
  labelNames: readonly string[];
  registry: Registry;
  /** Every series of the metric, computed whole at scrape time. */
  values(): ScrapedValue[];
}

/**
 * A gauge whose series are computed whole at each scrape and handed to prom-client's text writer as they are,
 * skipping what `Gauge.set` costs per series (label validation and hashing into its map, then a copy out), which at
 * 10k pods was more than half of a scrape. A series not computed is absent: nothing lingers from an earlier scrape.
 */
export class ScrapedGauge extends Gauge {
  private readonly compute: () => ScrapedValue[];

  constructor({ name, help, labelNames, registry, values }: ScrapedConfig) {
    super({ name, help, labelNames, registers: [registry] });
    this.compute = values;
  }

  override async get() {
    return { ...(await super.get()), values: this.compute() };
  }
}

/** ScrapedGauge's counterpart for a counter the scrape reads whole (a cumulative CPU time, say). */
export class ScrapedCounter extends Counter {
  private readonly compute: () => ScrapedValue[];

  constructor({ name, help, labelNames, registry, values }: ScrapedConfig) {
    super({ name, help, labelNames, registers: [registry] });
    this.compute = values;
  }

  override async get() {
    return { ...(await super.get()), values: this.compute() };
  }
}
