/** What the apiserver says about nodes and APIServices (`kubectl get ... -o json`), read into plain answers. Pure. */

interface Condition {
  type?: string;
  status?: string;
  message?: string;
}

interface Listed {
  items?: { metadata?: { name?: string }; status?: { conditions?: Condition[] } }[];
}

/** Node name → 'True', 'False' or 'Unknown' (its Ready condition), from `kubectl get nodes -o json`. */
export function nodesReady(json: string): Map<string, string> {
  const list = JSON.parse(json) as Listed;
  const ready = new Map<string, string>();
  for (const item of list.items ?? []) {
    const name = item.metadata?.name;
    if (!name) continue;
    const condition = item.status?.conditions?.find((c) => c.type === 'Ready');
    ready.set(name, condition?.status ?? 'Unknown');
  }
  return ready;
}

/** undefined when the APIService is Available, else why not, from `kubectl get apiservice <name> -o json`. */
export function apiServiceProblem(json: string): string | undefined {
  const item = JSON.parse(json) as { status?: { conditions?: Condition[] } };
  const available = item.status?.conditions?.find((c) => c.type === 'Available');
  if (available?.status === 'True') return undefined;
  return available?.message ?? 'no Available condition yet';
}
