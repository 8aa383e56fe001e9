import type { Requests } from './pod-requests.js';

/** What one pod of a plan asks the node for, and how many of it a Deployment wants (null: not said). */
export interface PodAsk {
  name: string;
  /** Resource name → amount, as Kubernetes adds the pod's requests up (overhead included). */
  requests: Requests;
  replicas: number | null;
}
