import { Counter, Gauge, type Registry } from 'prom-client';
import type { AdmissionDecisions } from '../node/admission-decisions.js';

/** What the metrics read of the transport's admission limiter (src/transport/admission.ts). */
export interface AdmissionLoad {
  readonly load: { active: number; queued: number };
  readonly refused: number;
  readonly maxActive: number;
  readonly maxQueued: number;
}

/**
 * The transport's admission limiter (calls running, queued, refused with RESOURCE_EXHAUSTED, and its bounds) and
 * the node-admission decisions, all read at scrape time from counters the limiter and the decisions keep.
 */
export function registerAdmissionSeries(
  registry: Registry,
  admission: AdmissionLoad,
  decisions: AdmissionDecisions,
): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('resource_slot_admission_active', 'Unary calls running now.', () => admission.load.active);
  gauge('resource_slot_admission_queued', 'Unary calls waiting for a slot now.', () => admission.load.queued);
  gauge('resource_slot_admission_max_active', 'Unary calls that may run at once.', () => admission.maxActive);
  gauge(
    'resource_slot_admission_max_queued',
    'Unary calls that may wait at once.',
    () => admission.maxQueued,
  );
  new Counter({
    name: 'resource_slot_admission_refused_total',
    help: 'Calls refused with RESOURCE_EXHAUSTED because the admission queue was full.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(admission.refused);
    },
  });
  new Counter({
    name: 'resource_slot_admission_decisions_total',
    help: 'Node-admission decisions on pods, by decision (admitted, rejected) and reason.',
    labelNames: ['decision', 'reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { decision, reason, count } of decisions.entries()) this.inc({ decision, reason }, count);
    },
  });
}
