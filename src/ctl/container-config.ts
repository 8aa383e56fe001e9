import { LinuxContainerResources } from '../generated/runtime/v1/api.js';
import { readConfigFile, type JsonMap } from './config-file.js';
import { CtlError } from './errors.js';

/** The parts of a crictl container config (runtime.v1.ContainerConfig) that end up in the bundle's OCI spec. */
export interface ContainerConfig {
  name: string;
  attempt: number;
  image: string;
  command: string[];
  args: string[];
  workingDir: string;
  envs: Array<{ key: string; value: string }>;
  mounts: Array<{ containerPath: string; hostPath: string; readonly: boolean }>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tty: boolean;
  stdin: boolean;
  /** linux.resources, decoded by the generated runtime.v1 code. */
  resources: LinuxContainerResources | undefined;
  readonlyRootfs: boolean;
  runAsUser: number | null;
}

const camel = (name: string): string =>
  name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Reads snake_case or camelCase keys (protojson accepts both) and names the offending field in errors. */
class Fields {
  constructor(
    private readonly map: JsonMap,
    private readonly path: string,
    private readonly file: string,
  ) {}

  private raw(name: string): unknown {
    return this.map[name] ?? this.map[camel(name)];
  }

  private fail(name: string, expected: string): never {
    throw new CtlError(`${this.file}: ${this.path}${name} must be ${expected}`, 'INVALID_ARGUMENT');
  }

  string(name: string): string {
    const value = this.raw(name);
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') this.fail(name, 'a string');
    return value;
  }

  number(name: string): number | null {
    const value = this.raw(name);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(name, 'an integer');
    return value;
  }

  bool(name: string): boolean {
    const value = this.raw(name);
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') this.fail(name, 'true or false');
    return value;
  }

  strings(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      this.fail(name, 'a list of strings');
    }
    return value as string[];
  }

  stringMap(name: string): Record<string, string> {
    const value = this.raw(name);
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) this.fail(name, 'a mapping of strings');
    return Object.fromEntries(Object.entries(value as JsonMap).map(([key, item]) => [key, String(item)]));
  }

  object(name: string): Fields {
    const value = this.raw(name);
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      this.fail(name, 'a mapping');
    }
    return new Fields((value ?? {}) as JsonMap, `${this.path}${name}.`, this.file);
  }

  objects(name: string): Fields[] {
    const value = this.raw(name);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(name, 'a list');
    return value.map((item: unknown, index) => {
      const where = `${name}[${index}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) this.fail(where, 'a mapping');
      return new Fields(item as JsonMap, `${this.path}${where}.`, this.file);
    });
  }

  /** The whole value at `name`, untouched (for the generated decoders). */
  value(name: string): unknown {
    return this.raw(name);
  }
}

/** Reads a crictl container config (YAML or JSON). Like containerd, a container needs `metadata.name`. */
export async function readContainerConfig(file: string): Promise<ContainerConfig> {
  const root = new Fields(await readConfigFile(file, 'container config'), '', file);
  const metadata = root.object('metadata');
  const name = metadata.string('name');
  if (name === '') throw new CtlError(`${file}: metadata.name is required`, 'INVALID_ARGUMENT');
  const linux = root.object('linux');
  const security = linux.object('security_context');
  const runAsUser = security.object('run_as_user').number('value');
  const rawResources = linux.value('resources');
  return {
    name,
    attempt: metadata.number('attempt') ?? 0,
    image: root.object('image').string('image'),
    command: root.strings('command'),
    args: root.strings('args'),
    workingDir: root.string('working_dir'),
    envs: root.objects('envs').map((env) => ({ key: env.string('key'), value: env.string('value') })),
    mounts: root.objects('mounts').map((mount) => ({
      containerPath: mount.string('container_path'),
      hostPath: mount.string('host_path'),
      readonly: mount.bool('readonly'),
    })),
    labels: root.stringMap('labels'),
    annotations: root.stringMap('annotations'),
    tty: root.bool('tty'),
    stdin: root.bool('stdin'),
    resources: rawResources === undefined ? undefined : LinuxContainerResources.fromJSON(rawResources),
    readonlyRootfs: security.bool('readonly_rootfs'),
    runAsUser,
  };
}
