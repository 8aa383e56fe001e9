/**
 * Tells containerd that a container was OOM-killed, as a shim does: a `containerd.events.TaskOOM` published on
 * topic `/tasks/oom` through containerd's own `containerd.services.events.v1.Events` Publish, on its gRPC socket
 * (`--containerd-address`). containerd stamps the event with the namespace of the call's `containerd-namespace`
 * header; its CRI event monitor then sets the container's reason to OOMKilled, which it keeps when the exit
 * arrives through the task Wait. So the event must be published before the exit is sent (src/exits/send-exit.ts).
 */
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { TaskOOM } from '../generated/containerd/events/task.js';
import { EventsService, type PublishRequest } from '../generated/containerd/services/events/v1/events.js';
import { CONTAINERD_NAMESPACE_HEADER } from '../core/containerd-namespace.js';

export const OOM_TOPIC = '/tasks/oom';
/** The type URL containerd's typeurl package gives a proto message: its full name, no prefix. */
export const TASK_OOM_TYPE_URL = 'containerd.events.TaskOOM';
/** The exit waits for the event at most this long: a containerd that does not answer must not hold exits back. */
const PUBLISH_TIMEOUT_MS = 2_000;

/** The Publish request for one container's OOM kill. */
export function taskOomRequest(containerId: string): PublishRequest {
  return {
    topic: OOM_TOPIC,
    event: { typeUrl: TASK_OOM_TYPE_URL, value: Buffer.from(TaskOOM.encode({ containerId }).finish()) },
  };
}

export class OomEvents {
  private readonly client: Client;

  constructor(
    readonly address: string,
    /** The namespace for sandboxes whose Create call carried none (--containerd-namespace; CRI's is `k8s.io`). */
    readonly defaultNamespace: string,
    private readonly log: Logger,
    private readonly timeoutMs = PUBLISH_TIMEOUT_MS,
  ) {
    this.client = new Client(`unix:${address}`, credentials.createInsecure());
  }

  /**
   * Publishes the container's TaskOOM in its sandbox's namespace (the one its Create call came from, else the
   * default); never rejects (a failure is logged: the exit goes on, and containerd reports the reason as Error).
   */
  publish(oom: { sandboxId: string; containerId: string; namespace: string | null }): Promise<void> {
    const { sandboxId, containerId } = oom;
    const namespace = oom.namespace ?? this.defaultNamespace;
    const metadata = new Metadata();
    metadata.set(CONTAINERD_NAMESPACE_HEADER, namespace);
    const { publish } = EventsService;
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        publish.path,
        publish.requestSerialize,
        publish.responseDeserialize,
        taskOomRequest(containerId),
        metadata,
        { deadline: Date.now() + this.timeoutMs },
        (error) => {
          if (error)
            this.log.warn(
              { sandboxId, containerId, containerd: this.address, namespace, err: error },
              'Could not publish the TaskOOM event: containerd will not report the reason as OOMKilled',
            );
          else
            this.log.info(
              { sandboxId, containerId, namespace, topic: OOM_TOPIC },
              'Published TaskOOM to containerd',
            );
          resolve();
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
