/**
 * The simulated node's flags (docs/node.md): --capacity, --reserved, --eviction-hard, --admission and --policy,
 * checked here so a bad one is a usage error before anything starts. The host's own capacity fills in what
 * --capacity leaves out when the daemon starts (it reads the file system --dir is on).
 */
import { resolve } from 'node:path';
import { quote } from '../process/quote.js';
import {
  ADMISSION_MODES,
  DEFAULT_ADMISSION,
  isAdmissionMode,
  type AdmissionMode,
} from '../node/admission-mode.js';
import { DEFAULT_EVICTION_HARD, parseEvictionHard, type Threshold } from '../node/eviction.js';
import { parseResourceList, type ResourceList } from '../node/resource-list.js';
import { CPU, EPHEMERAL_STORAGE, isHugePagesName, MEMORY, PODS } from '../node/resource-names.js';

export interface NodeOptions {
  /** What --capacity names; the rest is the host's when the daemon starts. */
  capacity: ResourceList;
  /** kube-reserved and system-reserved together. */
  reserved: ResourceList;
  evictionHard: Threshold[];
  admission: AdmissionMode;
  /** Absolute path of the --policy file; null when none. */
  policy: string | null;
}

export interface NodeFlagValues {
  capacity?: string;
  reserved?: string;
  'eviction-hard'?: string;
  admission?: string;
  policy?: string;
}

const CAPACITY_NAMES = [CPU, MEMORY, PODS, EPHEMERAL_STORAGE];
/** What kubelet's --kube-reserved and --system-reserved take (pid limits the pods' cgroup; no capacity lists it). */
const RESERVED_NAMES = [CPU, MEMORY, EPHEMERAL_STORAGE, 'pid'];

/** The node's options, or the one-line problem. */
export function nodeFlags(values: NodeFlagValues, cwd: string): NodeOptions | string {
  const capacity = parseResourceList(values.capacity ?? '', {
    flag: '--capacity',
    accepts: (name) => CAPACITY_NAMES.includes(name) || isHugePagesName(name),
    refusal: (name) =>
      `unknown resource ${quote(name)} (known: ${CAPACITY_NAMES.join(', ')}, hugepages-<size>)`,
  });
  if (typeof capacity === 'string') return capacity;
  const reserved = parseResourceList(values.reserved ?? '', {
    flag: '--reserved',
    accepts: (name) => RESERVED_NAMES.includes(name),
    refusal: (name) => `cannot reserve ${quote(name)} resource (known: ${RESERVED_NAMES.join(', ')})`,
  });
  if (typeof reserved === 'string') return reserved;
  const evictionHard = parseEvictionHard(values['eviction-hard'] ?? DEFAULT_EVICTION_HARD);
  if (typeof evictionHard === 'string') return evictionHard;
  const admission = values.admission ?? DEFAULT_ADMISSION;
  if (!isAdmissionMode(admission))
    return `--admission must be one of ${ADMISSION_MODES.join('|')}, got ${quote(admission)}`;
  if (values.policy !== undefined && admission === 'off')
    return '--policy needs --admission warn or enforce: with off nothing is admitted or refused';
  return {
    capacity,
    reserved,
    evictionHard,
    admission,
    policy: values.policy === undefined ? null : resolve(cwd, values.policy),
  };
}
