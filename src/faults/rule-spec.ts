/** One rule of the fault plan as read and checked (docs/faults.md, "The plan file"); it holds no run-time state. */
import type { Failpoint } from './failpoint.js';
import type { NameGlob } from './name-glob.js';
import type { FaultService } from './types.js';

/** A duration as written (for descriptions) and in milliseconds. */
export interface Duration {
  text: string;
  ms: number;
}

export type RuleEffect =
  /** `failpoint` is the parsed template; each counting key gets a fresh() copy. */
  | { kind: 'failpoint'; failpoint: Failpoint }
  | { kind: 'latency'; delay: Duration; jitter: Duration | null; probability: number; seed: number | null }
  | { kind: 'outage'; after: Duration; for: Duration };

export interface RuleSpec {
  name: string | null;
  /** Null: both services. */
  service: FaultService | null;
  /** Null: every method. */
  methods: readonly string[] | null;
  namespace: NameGlob | null;
  pod: NameGlob | null;
  container: NameGlob | null;
  effect: RuleEffect;
  /** The rule as given, re-encoded as JSON. */
  json: string;
  /** Its line in the text it was read from. */
  line: number;
}
