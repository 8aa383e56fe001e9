import {
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { Admission, withAdmission } from './admission.js';
import { withSafeDecoding } from './safe-decoding.js';
import { MAX_RECEIVE_MESSAGE_BYTES } from './limits.js';
import { prepareSocketPath, removeSocketFile, restrictSocket } from './socket-file.js';

export interface ServiceBinding {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/** One gRPC server on one unix socket. */
export class UnixGrpcServer {
  private readonly server = new Server({ 'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES });

  constructor(
    readonly socketPath: string,
    services: ServiceBinding[],
    /** null: no admission of its own (the task relay, whose upstream daemon admits every call it forwards). */
    admission: Admission | null = new Admission(),
  ) {
    for (const service of services) {
      const admitted = admission
        ? withAdmission(service.definition, service.implementation, admission)
        : service.implementation;
      const safe = withSafeDecoding(service.definition, admitted);
      this.server.addService(safe.definition, safe.implementation);
    }
  }

  /** Binds the socket (mode 0660, owned by `gid` when given). */
  async listen(gid: number | null = null): Promise<void> {
    await prepareSocketPath(this.socketPath);
    await new Promise<void>((resolve, reject) =>
      this.server.bindAsync(`unix:${this.socketPath}`, ServerCredentials.createInsecure(), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    await restrictSocket(this.socketPath, gid);
  }

  /**
   * Stops accepting calls, lets in-flight ones finish for at most `graceMs`, then cuts the rest. The socket file is
   * removed unless `removeSocket` is false (the path already belongs to a successor).
   */
  async close(graceMs: number, removeSocket = true): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (removeSocket) await removeSocketFile(this.socketPath);
  }
}
