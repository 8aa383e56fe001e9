#!/usr/bin/env node
// The shim binary containerd looks for on PATH for runtime_type `io.containerd.resource-slot.v1`. A stub: it never
// starts anything. ResourceSlot's tasks are served by the resource-slot-sandboxer daemon at the sandbox's task
// address, so containerd only needs this file to exist (after a restart it drops tasks whose binary is missing) and
// to answer `delete`. Plain Node ESM without dependencies: containerd execs it, so it must start fast and never need
// a TypeScript loader.
//
//   containerd-shim-resource-slot-v1 [-namespace ns] [-address addr] [-publish-binary path] [-id id]
//                                    [-bundle dir] [-debug] delete|start
//   containerd-shim-resource-slot-v1 -v
//
// Flags follow Go's `flag` package as containerd's shims parse them: `-name value`, `-name=value`, one or two
// dashes, flags end at the first non-flag argument or `--`, and the next argument is the action.
//   delete      an empty containerd.task.v3.DeleteResponse on stdout (zero bytes: every field is zero), exit 0
//   start       exit 1: ResourceSlot never starts a shim process
//   -v          name and version, exit 0
//   -h          usage on stdout, exit 0
//   -info       prints a containerd.types.RuntimeInfo (name, version) as protobuf and exits 0
//   otherwise   one usage line on stderr, exit 2
import { readFileSync } from 'node:fs';

const NAME = 'containerd-shim-resource-slot-v1';
const RUNTIME_NAME = 'io.containerd.resource-slot.v1';
const USAGE =
  `usage: ${NAME} [-namespace ns] [-address addr] [-publish-binary path] [-id id] [-bundle dir] [-debug] ` +
  `delete|start, or ${NAME} -v`;

// The flags containerd's shim command line knows (pkg/shim parseFlags), by whether they take a value.
const BOOL_FLAGS = new Set(['debug', 'v', 'version', 'info']);
const STRING_FLAGS = new Set([
  'namespace',
  'id',
  'socket',
  'debug-socket',
  'bundle',
  'address',
  'publish-binary',
]);
const HELP_FLAGS = new Set(['h', 'help']);

/** Parses `argv` like Go's flag package; returns the flags seen and the action word, or an error message. */
function parse(argv) {
  const flags = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.length < 2 || !arg.startsWith('-')) break; // "-" alone and words are not flags
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('='))
      return { error: `bad flag syntax: ${arg}` };
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const inline = eq === -1 ? undefined : body.slice(eq + 1);
    if (HELP_FLAGS.has(name)) return { help: true };
    if (BOOL_FLAGS.has(name)) {
      if (inline === undefined || /^(1|t|T|true|TRUE|True)$/.test(inline)) flags[name] = true;
      else if (/^(0|f|F|false|FALSE|False)$/.test(inline)) flags[name] = false;
      else return { error: `invalid boolean value "${inline}" for flag -${name}` };
    } else if (STRING_FLAGS.has(name)) {
      if (inline !== undefined) flags[name] = inline;
      else if (i + 1 < argv.length) flags[name] = argv[++i];
      else return { error: `flag needs an argument: -${name}` };
    } else {
      return { error: `flag provided but not defined: -${name}` };
    }
  }
  return { flags, action: argv[i] };
}

/** The package's version and build commit, from package.json and src/generated/build-info.json. */
function packageVersion() {
  const readJson = (relative) => {
    try {
      const value = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
      return typeof value === 'object' && value !== null ? value : {};
    } catch {
      return {};
    }
  };
  const pkg = readJson('../../../package.json');
  const build = readJson('../../generated/build-info.json');
  const str = (value) => (typeof value === 'string' && value.trim() !== '' ? value : 'unknown');
  return { name: str(pkg.name), version: str(pkg.version), commit: str(build.commit) };
}

/** `name (package version, commit abcdef012345)`. */
function versionLine() {
  const { name, version, commit } = packageVersion();
  return `${NAME} (${name} ${version}, commit ${commit === 'unknown' ? commit : commit.slice(0, 12)})`;
}

/** A protobuf length-delimited field: tag, varint length, bytes. */
function field(number, bytes) {
  const length = [];
  let n = bytes.length;
  do {
    length.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from([(number << 3) | 2, ...length]), bytes]);
}

/**
 * containerd runs `<shim> -info` when it creates a container and reads a containerd.types.RuntimeInfo from stdout:
 * name = 1, version = 2 (RuntimeVersion: version = 1, revision = 2). Nothing else applies to a shim that runs nothing.
 */
function runtimeInfo() {
  const { version, commit } = packageVersion();
  const runtimeVersion = Buffer.concat([field(1, Buffer.from(version)), field(2, Buffer.from(commit))]);
  return Buffer.concat([field(1, Buffer.from(RUNTIME_NAME)), field(2, runtimeVersion)]);
}

function main(argv) {
  const parsed = parse(argv);
  if (parsed.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (parsed.error !== undefined) {
    process.stderr.write(`${NAME}: ${parsed.error}; ${USAGE}\n`);
    return 2;
  }
  const { flags, action } = parsed;
  if (flags.v === true || flags.version === true) {
    process.stdout.write(versionLine() + '\n');
    return 0;
  }
  if (flags.info === true) {
    process.stdout.write(runtimeInfo());
    return 0;
  }
  switch (action) {
    case 'delete':
      // containerd unmarshals stdout as a DeleteResponse; pid 0, exit_status 0 and no exited_at encode to nothing.
      return 0;
    case 'start': {
      const task = typeof flags.id === 'string' && flags.id !== '' ? ` for task "${flags.id}"` : '';
      process.stderr.write(
        `${NAME}: refusing to start a shim${task}: this binary never starts a shim process.\n` +
          'ResourceSlot tasks are served by the resource-slot-sandboxer daemon through the task address of their ' +
          'sandbox, which the sandbox Controller returns from Start and Status (address "grpc+<socket path>", ' +
          'version 3).\n' +
          "containerd must use that address: run the pod with this runtime's sandboxer set to the " +
          'resource-slot-sandboxer proxy plugin, on a containerd that uses sandbox task addresses of version 3.\n',
      );
      return 1;
    }
    case undefined:
      process.stderr.write(`${NAME}: no action given; ${USAGE}\n`);
      return 2;
    default:
      process.stderr.write(`${NAME}: unknown action "${action}"; ${USAGE}\n`);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
