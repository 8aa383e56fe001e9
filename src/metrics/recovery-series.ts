import { Gauge, type Registry } from 'prom-client';

/** How long the start-up recovery took; returns what the daemon calls once it is done. */
export function registerRecoverySeries(registry: Registry): (seconds: number) => void {
  const duration = new Gauge({
    name: 'resource_slot_recovery_duration_seconds',
    help: 'How long start-up took to restore the sandboxes in --dir, before the sockets accepted calls.',
    registers: [registry],
  });
  return (seconds) => duration.set(seconds);
}
