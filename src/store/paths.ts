import path from 'node:path';

/** Where everything lives under `--dir`. Ids are validated before they get here, so joins cannot escape. */
export class StorePaths {
  constructor(readonly root: string) {}

  sandboxDir(sandboxId: string): string {
    return path.join(this.root, sandboxId);
  }
}

export const SANDBOX_FILE = 'sandbox.json';
export const RESOURCES_FILE = 'resources.json';
export const CONTAINERS_DIR = 'containers';
