import { Registry } from 'prom-client';
import type { Registries } from '../../machines/registries.js';
import type { EntityKind } from '../../machines/supervisor.machine.js';
import type { CallLog } from '../calls/call-log.js';
import type { WriterObserver } from '../store/writer-observer.js';
import type { UsageSampler } from '../workload/sampler.js';
import { registerActorSeries } from './actor-series.js';
import type { AdmissionDecisions } from '../node/admission-decisions.js';
import { registerAdmissionSeries, type AdmissionLoad } from './admission-series.js';
import { registerCallSeries } from './call-series.js';
import { registerKubeStateSeries } from './kube-state.js';
import { registerKubeletUsageSeries } from './kubelet-usage.js';
import type { NodeCapacitySource } from './node-capacity.js';
import { registerNodeStatusSeries } from './node-status.js';
import { PerScrape } from './per-scrape.js';
import { walkPods, type PodRow } from './pod-walk.js';
import { registerRecoverySeries } from './recovery-series.js';
import { registerTransitionSeries } from './transition-series.js';
import { registerWriterSeries } from './writer-series.js';

/** What the metrics are read from; everything is read at scrape time except what the hooks below are told. */
export interface MetricsSources {
  registries: Registries;
  calls: CallLog;
  admission: AdmissionLoad;
  decisions: AdmissionDecisions;
  usage: UsageSampler;
  capacity: NodeCapacitySource;
  /** The node label of the kube-state-metrics series. */
  nodeName: string;
}

/**
 * Every series of /metrics (docs/metrics.md) in one registry of its own (never prom-client's global one), and the
 * hooks the daemon wires in before anything runs: the writer's observer, the actor store's onTransition port, the
 * recovery's duration.
 *
 * What a scrape costs at 10k pods of one running container each (test/bench/metrics-scrape.ts, 2 cores, Node 20):
 * one walk of the registries, shared by every pod series (a snapshot read per actor, one usage sample per running
 * container), then some 110k series written as 12 MB of text: 0.15-0.25 s of the event loop, during which no call
 * is served, most of it prom-client formatting lines and collecting their garbage (the first scrape 0.5-1 s: it
 * also builds every container's usage model). 1k pods: 30 ms. The pod series skip prom-client's per-series map
 * (ScrapedGauge), which had cost 0.85 s a scrape at 10k pods; the daemon's own series are a few hundred.
 */
export class DaemonMetrics {
  readonly registry = new Registry();
  readonly writer: WriterObserver;
  readonly onTransition: (kind: EntityKind, from: string | null, to: string) => void;
  readonly recovered: (seconds: number) => void;
  private readonly unsubscribeCalls: () => void;
  /** One walk of the registries per scrape, shared by every pod series. */
  private readonly pods: PerScrape<PodRow[]>;

  constructor(sources: MetricsSources) {
    const { registry } = this;
    const pods = (this.pods = new PerScrape(() => walkPods(sources.registries, sources.usage)));
    registerKubeStateSeries(registry, pods, sources.nodeName);
    registerNodeStatusSeries(registry, sources.capacity, sources.nodeName);
    registerKubeletUsageSeries(registry, pods);
    this.unsubscribeCalls = registerCallSeries(registry, sources.calls);
    registerActorSeries(registry, sources.registries);
    this.onTransition = registerTransitionSeries(registry);
    this.writer = registerWriterSeries(registry);
    this.recovered = registerRecoverySeries(registry);
    registerAdmissionSeries(registry, sources.admission, sources.decisions);
  }

  /** The text a scrape gets, and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    this.pods.forget();
    try {
      return { body: await this.registry.metrics(), contentType: this.registry.contentType };
    } finally {
      this.pods.forget();
    }
  }

  /** Stops counting calls. */
  close(): void {
    this.unsubscribeCalls();
  }
}
