/**
 * The kubelet runs in a mount namespace of its own so that it changes nothing on the host
 * (docs/kubernetes.md): its sysctl checks read files holding the values it wants, /var/lib and /var/log are a
 * private tmpfs (it creates /var/lib/kubelet/device-plugins and /var/log/containers whatever its flags say), the
 * bind mount it makes of its root dir dies with it, and the iptables commands are `false`, so it makes no chains.
 * `unshare` execs the shell and the shell execs the kubelet: the recorded pid is the kubelet's. Pure.
 */
import path from 'node:path';

/** The sysctls the kubelet checks (pkg/kubelet/cm/container_manager_linux.go) and the values it would set. */
export const KUBELET_SYSCTLS: Readonly<Record<string, string>> = {
  'vm/overcommit_memory': '1',
  'vm/panic_on_oom': '0',
  'kernel/panic': '10',
  'kernel/panic_on_oops': '1',
  'kernel/keys/root_maxkeys': '1000000',
  'kernel/keys/root_maxbytes': '25000000',
};

const PRIVATE_TMPFS = ['/var/lib', '/var/log'];
const IPTABLES_COMMANDS = [
  'iptables',
  'ip6tables',
  'iptables-save',
  'ip6tables-save',
  'iptables-restore',
  'ip6tables-restore',
];

export interface SysctlFile {
  /** Under `/proc/sys`. */
  name: string;
  file: string;
  value: string;
}

export function sysctlFiles(sysctlDir: string): SysctlFile[] {
  return Object.entries(KUBELET_SYSCTLS).map(([name, value]) => ({
    name,
    file: path.join(sysctlDir, name.replaceAll('/', '.')),
    value,
  }));
}

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** The script `sh -c` runs inside the new namespace before it execs the kubelet ("$@"). */
export function namespaceScript(sysctlDir: string): string {
  return [
    'set -eu',
    ...PRIVATE_TMPFS.map((dir) => `mount -t tmpfs -o mode=0755 resource-slot-cluster ${dir}`),
    ...sysctlFiles(sysctlDir).map(
      ({ name, file }) => `mount --bind -o ro ${shellQuote(file)} ${shellQuote(`/proc/sys/${name}`)}`,
    ),
    `for tool in ${IPTABLES_COMMANDS.join(' ')}; do`,
    '  found=$(command -v "$tool" || true)',
    '  if [ -n "$found" ]; then mount --bind /bin/false "$(readlink -f "$found")"; fi',
    'done',
    'exec "$@"',
  ].join('\n');
}

/** `unshare` with its arguments, ending in the kubelet's command line. */
export function inPrivateMountNamespace(sysctlDir: string, command: string, args: string[]): string[] {
  return [
    ...['--mount', '--propagation', 'private', '--'],
    ...['/bin/sh', '-c', namespaceScript(sysctlDir), 'kubelet-namespace', command, ...args],
  ];
}
