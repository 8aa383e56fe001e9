/**
 * Pod-level OOM kills: the first time the memory demands of a pod's running containers, added up, go above the
 * pod's memory limit, and the container the kernel kills then. Pure: the caller gives each container's run (its
 * start and its known end) and its demand as a function of time (docs/workload.md, "Pod-level OOM kills").
 *
 * The sum has no closed-form crossing (a sine, a square wave, a random walk, a container that starts or ends make
 * it go up and down), so it is sampled every POD_OOM_STEP_MS over POD_OOM_HORIZON_MS, and the step in which it
 * first goes over is bisected to POD_OOM_PRECISION_MS. A spike above the limit that starts and ends between two
 * samples is missed: a shorter step catches shorter spikes, at a cost proportional to 1/step per scanned second.
 */

/** The sampling step of the scan. */
export const POD_OOM_STEP_MS = 100;
/** How far one scan looks ahead (6,000 samples); a pod that stays under its limit that long is scanned again then. */
export const POD_OOM_HORIZON_MS = 10 * 60 * 1000;
/** The crossing is the first whole millisecond at which the sum is above the limit. */
export const POD_OOM_PRECISION_MS = 1;
/** The kernel adds oom_score_adj / 1000 of the cgroup's limit to a task's badness. */
const OOM_SCORE_ADJ_SCALE = 1000;

/** One container run of the pod, as the scan sees it. Times are ms since the epoch. */
export interface PodMember {
  containerId: string;
  startedAt: number;
  /** When the run stops: its exit, or its armed scripted exit or own OOM kill; null when none is known. */
  endsAt: number | null;
  /** Its own memory limit in bytes; null when it has none. */
  memoryLimitBytes: number | null;
  /** The oom_score_adj of its processes (0 when not set). */
  oomScoreAdj: number;
  /** Its memory demand in bytes, `elapsedMs` after its start. */
  demandAt(elapsedMs: number): number;
}

/** What a scan found: a kill, nothing within the horizon (look again then), or nothing ever for these runs. */
export type PodOomScan =
  | { readonly kind: 'kill'; readonly at: number; readonly containerId: string }
  | { readonly kind: 'rescan'; readonly at: number }
  | { readonly kind: 'never' };

export const NEVER: PodOomScan = { kind: 'never' };

const runsAt = (member: PodMember, t: number): boolean =>
  member.startedAt <= t && (member.endsAt === null || t < member.endsAt);

function demandSum(members: readonly PodMember[], t: number): number {
  let sum = 0;
  for (const member of members) if (runsAt(member, t)) sum += member.demandAt(t - member.startedAt);
  return sum;
}

/**
 * Each container is killed by its own limit before its demand goes above it; so while the runs' own limits add up
 * to no more than the pod's, their demands cannot go above the pod's limit either, and there is nothing to scan.
 */
function guaranteedByOwnLimits(members: readonly PodMember[], limitBytes: number): boolean {
  let sum = 0;
  for (const { memoryLimitBytes } of members) {
    if (memoryLimitBytes === null) return false;
    sum += memoryLimitBytes;
  }
  return sum <= limitBytes;
}

/**
 * The container the kernel's OOM killer picks in the pod's cgroup at `t`: the highest badness, its memory plus
 * oom_score_adj thousandths of the limit (mm/oom_kill.c, oom_badness); on a tie the bigger demand, then the id.
 */
export function podOomVictim(members: readonly PodMember[], limitBytes: number, t: number): string | null {
  let victim: { id: string; badness: number; demand: number } | null = null;
  for (const member of members) {
    if (!runsAt(member, t)) continue;
    const demand = member.demandAt(t - member.startedAt);
    const badness = demand + (member.oomScoreAdj * limitBytes) / OOM_SCORE_ADJ_SCALE;
    const wins =
      victim === null ||
      badness > victim.badness ||
      (badness === victim.badness &&
        (demand > victim.demand || (demand === victim.demand && member.containerId < victim.id)));
    if (wins) victim = { id: member.containerId, badness, demand };
  }
  return victim?.id ?? null;
}

/**
 * The first time at or after `fromMs` at which the members' demands add up to more than `limitBytes`, and the
 * container killed then; `rescan` at the horizon when there is none before it and some run goes on past it; `never`
 * when there is none before every run has ended, or when the runs' own limits already guarantee the pod's.
 */
export function scanPodOom(members: readonly PodMember[], limitBytes: number, fromMs: number): PodOomScan {
  const live = members.filter((member) => member.endsAt === null || member.endsAt > fromMs);
  if (live.length === 0 || guaranteedByOwnLimits(live, limitBytes)) return NEVER;
  const horizon = fromMs + POD_OOM_HORIZON_MS;
  const lastEnd = live.some((member) => member.endsAt === null)
    ? Infinity
    : Math.max(...live.map((member) => member.endsAt ?? Infinity));
  const end = Math.min(horizon, lastEnd);
  const over = (t: number): boolean => demandSum(live, t) > limitBytes;
  const kill = (at: number): PodOomScan => {
    const containerId = podOomVictim(live, limitBytes, at);
    return containerId === null ? NEVER : { kind: 'kill', at, containerId };
  };
  if (over(fromMs)) return kill(fromMs);
  for (let before = fromMs; before < end;) {
    const after = Math.min(before + POD_OOM_STEP_MS, end);
    if (over(after)) return kill(firstOver(over, before, after));
    before = after;
  }
  return lastEnd <= horizon ? NEVER : { kind: 'rescan', at: horizon };
}

/** Bisects (below, above], `over` false at `below` and true at `above`, to the first time it is true. */
function firstOver(over: (t: number) => boolean, below: number, above: number): number {
  let low = below;
  let high = above;
  while (high - low > POD_OOM_PRECISION_MS) {
    const mid = Math.floor((low + high) / 2);
    if (over(mid)) high = mid;
    else low = mid;
  }
  return high;
}
