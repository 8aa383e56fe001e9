// Our hand-written .proto files must be wire-identical to the upstream reference files: every message,
// enum and service that proto/ declares is compared, by full name, with the reference declaration.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import t, { type Test } from 'tap';

// ---- loading and comparing .proto trees ----

type ReflectionObject = protobuf.ReflectionObject;
type Declaration = protobuf.Type | protobuf.Enum | protobuf.Service | protobuf.Field;

const requireCjs = createRequire(import.meta.url);
// google/protobuf/descriptor.proto & co. ship with protobufjs but are not part of its bundled "common" set.
const protobufjsDir = path.dirname(requireCjs.resolve('protobufjs/package.json'));

const parseOptions: protobuf.IParseOptions = { keepCase: true };

/** Every .proto file below `dir`, sorted, as absolute paths. */
function listProtoFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.proto')) out.push(full);
    }
  };
  walk(path.resolve(dir));
  return out.sort();
}

const CONTAINERD_API_MODULE = 'github.com/containerd/containerd/api/';

/**
 * An import resolver over a list of import roots (like protoc's -I). google/protobuf WKTs in protobufjs's
 * bundled common set never reach it; other google/protobuf files come from the protobufjs package.
 */
function importResolver(importRoots: string[]): (origin: string, target: string) => string {
  const roots = importRoots.map((r) => path.resolve(r));
  return (origin, requested) => {
    if (path.isAbsolute(requested)) return path.normalize(requested);
    // Some of containerd's files import each other by Go module path rather than relative to api/.
    const target = requested.startsWith(CONTAINERD_API_MODULE)
      ? requested.slice(CONTAINERD_API_MODULE.length)
      : requested;
    if (protobuf.common.get(target) !== null) return target; // bundled WKT, served from memory
    for (const root of roots) {
      const candidate = path.join(root, target);
      if (fs.existsSync(candidate)) return candidate;
    }
    const bundled = path.join(protobufjsDir, target);
    if (target.startsWith('google/protobuf/') && fs.existsSync(bundled)) return bundled;
    throw new Error(
      `cannot resolve import "${target}" from ${origin || '<entry>'} (import roots: ${roots.join(', ')})`,
    );
  };
}

/** Loads `files` into a fresh Root with the given import roots and resolves every type reference. */
function loadProtoRoot(files: string[], importRoots: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = importResolver(importRoots);
  root.loadSync(
    files.map((f) => path.resolve(f)),
    parseOptions,
  );
  root.resolveAll();
  return root;
}

/**
 * Parses proto source text held in memory (e.g. a deliberately altered copy of one of our files), loads
 * its imports through `importRoots`, and tags what it declares with `virtualFilename` so that
 * `declaredTypes(root, (f) => f === virtualFilename)` finds exactly the declarations of that text.
 */
function parseProtoSource(source: string, virtualFilename: string, importRoots: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = importResolver(importRoots);
  const parsed = protobuf.parse(source, root, parseOptions);
  const tag = (obj: ReflectionObject): void => {
    if (obj.filename === null || obj.filename === undefined) obj.filename = virtualFilename;
    if (obj instanceof protobuf.Namespace) obj.nestedArray.forEach(tag);
  };
  root.nestedArray.forEach(tag);
  // One call: loadSync resolves all references when it returns, so every import must be in by then.
  const imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
  if (imports.length > 0) root.loadSync(imports, parseOptions); // through root.resolvePath like any import
  root.resolveAll();
  return root;
}

const fullName = (obj: ReflectionObject): string => obj.fullName.replace(/^\./, '');

function kindOf(obj: ReflectionObject | null | undefined): string {
  if (obj === null || obj === undefined) return 'nothing';
  if (obj instanceof protobuf.Type) return 'message';
  if (obj instanceof protobuf.Enum) return 'enum';
  if (obj instanceof protobuf.Service) return 'service';
  if (obj instanceof protobuf.Field) return 'extension';
  if (obj instanceof protobuf.Namespace) return 'package';
  return obj.constructor.name;
}

/**
 * Top-level declarations (messages, enums, services, extensions) made by files for which
 * `isOurFile(filename)` holds, found by walking every package of the root. Nested types are not listed
 * separately: they are compared as part of their parent message.
 */
function declaredTypes(root: protobuf.Root, isOurFile: (filename: string) => boolean): Declaration[] {
  const out: Declaration[] = [];
  const ours = (obj: ReflectionObject): boolean =>
    typeof obj.filename === 'string' && isOurFile(obj.filename);
  const walk = (ns: protobuf.NamespaceBase): void => {
    for (const obj of ns.nestedArray) {
      if (
        obj instanceof protobuf.Type ||
        obj instanceof protobuf.Enum ||
        obj instanceof protobuf.Service ||
        obj instanceof protobuf.Field
      ) {
        if (ours(obj)) out.push(obj);
      } else if (obj instanceof protobuf.Namespace) {
        walk(obj);
      }
    }
  };
  walk(root);
  return out.sort((a, b) => (fullName(a) < fullName(b) ? -1 : fullName(a) > fullName(b) ? 1 : 0));
}

const packableScalars = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
]);

/** The wire-relevant shape of one field, as comparable strings. */
interface FieldShape {
  number: number;
  type: string;
  label: string;
  oneof: string;
}

function typeName(field: protobuf.Field): string {
  // resolvedType is the message/enum the field (or a map field's value) refers to; scalars have none.
  const resolved = field.resolvedType;
  const base = resolved ? fullName(resolved) : field.type;
  return field.delimited ? `group ${base}` : base;
}

function isPackable(field: protobuf.Field): boolean {
  return packableScalars.has(field.type) || field.resolvedType instanceof protobuf.Enum;
}

function fieldShape(field: protobuf.Field): FieldShape {
  const proto3Optional = field.options?.['proto3_optional'] === true;
  const realOneof = field.partOf && !proto3Optional ? field.partOf.name : '';
  let label: string;
  if (field instanceof protobuf.MapField)
    label = `map<${field.keyType}>`; // the value type is `type`
  else if (field.repeated)
    label = isPackable(field) ? `repeated (${field.packed ? 'packed' : 'unpacked'})` : 'repeated';
  else if (field.required) label = 'required';
  else if (proto3Optional) label = 'optional';
  else if (realOneof !== '' || field.resolvedType instanceof protobuf.Type) label = 'singular';
  else label = field.hasPresence ? 'optional' : 'singular';
  return { number: field.id, type: typeName(field), label, oneof: realOneof || '(none)' };
}

function compareFieldShapes(where: string, expected: FieldShape, actual: FieldShape, diffs: string[]): void {
  for (const key of ['number', 'type', 'label', 'oneof'] as const) {
    if (expected[key] !== actual[key]) {
      diffs.push(
        `${where}: ${key} differs: expected ${String(expected[key])}, actual ${String(actual[key])}`,
      );
    }
  }
}

function nameSetDiff(
  what: string,
  expected: Iterable<string>,
  actual: Iterable<string>,
  diffs: string[],
  describe: (name: string) => string = (n) => n,
): string[] {
  const exp = new Set(expected);
  const act = new Set(actual);
  for (const name of exp) {
    if (!act.has(name)) diffs.push(`${what}: missing ${describe(name)} (present in reference)`);
  }
  for (const name of act) {
    if (!exp.has(name)) diffs.push(`${what}: extra ${describe(name)} (not in reference)`);
  }
  return [...act].filter((n) => exp.has(n));
}

function compareMessage(ref: protobuf.Type, ours: protobuf.Type, diffs: string[]): void {
  const name = fullName(ours);
  const where = `message ${name}`;

  // Fields, by name (the field name is part of the contract: JSON and text formats use it).
  const refFields = ref.fields;
  const ourFields = ours.fields;
  const common = nameSetDiff(where, Object.keys(refFields), Object.keys(ourFields), diffs, (f) => {
    const field = refFields[f] ?? ourFields[f];
    return `field ${f} = ${field?.id ?? '?'}`;
  });
  for (const f of common) {
    const refField = refFields[f];
    const ourField = ourFields[f];
    if (refField && ourField) {
      compareFieldShapes(`${where} field ${f}`, fieldShape(refField), fieldShape(ourField), diffs);
    }
  }

  // Nested messages and enums, recursively.
  const nested = (t: protobuf.Type): Map<string, ReflectionObject> =>
    new Map(
      t.nestedArray
        .filter((n) => n instanceof protobuf.Type || n instanceof protobuf.Enum)
        .map((n) => [n.name, n] as const),
    );
  const refNested = nested(ref);
  const ourNested = nested(ours);
  const commonNested = nameSetDiff(where, refNested.keys(), ourNested.keys(), diffs, (n) => {
    return `nested ${kindOf(refNested.get(n) ?? ourNested.get(n))} ${n}`;
  });
  for (const n of commonNested) {
    compareObjects(refNested.get(n), ourNested.get(n), `${name}.${n}`, diffs);
  }
}

function compareEnum(ref: protobuf.Enum, ours: protobuf.Enum, diffs: string[]): void {
  const where = `enum ${fullName(ours)}`;
  const common = nameSetDiff(where, Object.keys(ref.values), Object.keys(ours.values), diffs, (v) => {
    return `value ${v} = ${ref.values[v] ?? ours.values[v]}`;
  });
  for (const v of common) {
    if (ref.values[v] !== ours.values[v]) {
      diffs.push(`${where} value ${v}: number differs: expected ${ref.values[v]}, actual ${ours.values[v]}`);
    }
  }
}

function methodShape(method: protobuf.Method): Record<string, string> {
  return {
    request: method.resolvedRequestType ? fullName(method.resolvedRequestType) : method.requestType,
    response: method.resolvedResponseType ? fullName(method.resolvedResponseType) : method.responseType,
    requestStream: String(method.requestStream === true),
    responseStream: String(method.responseStream === true),
  };
}

function compareService(ref: protobuf.Service, ours: protobuf.Service, diffs: string[]): void {
  const where = `service ${fullName(ours)}`;
  // We serve every method of the reference service, and may not invent methods of our own.
  const common = nameSetDiff(where, Object.keys(ref.methods), Object.keys(ours.methods), diffs, (m) => {
    return `method ${m}`;
  });
  for (const m of common) {
    const refMethod = ref.methods[m];
    const ourMethod = ours.methods[m];
    if (!refMethod || !ourMethod) continue;
    const expected = methodShape(refMethod);
    const actual = methodShape(ourMethod);
    for (const key of Object.keys(expected)) {
      if (expected[key] !== actual[key]) {
        diffs.push(`${where} method ${m}: ${key} differs: expected ${expected[key]}, actual ${actual[key]}`);
      }
    }
  }
}

function compareExtension(ref: protobuf.Field, ours: protobuf.Field, diffs: string[]): void {
  const where = `extension ${fullName(ours)}`;
  const extended = (f: protobuf.Field): string =>
    f.extensionField?.parent ? fullName(f.extensionField.parent) : String(f.extend);
  if (extended(ref) !== extended(ours)) {
    diffs.push(`${where}: extended message differs: expected ${extended(ref)}, actual ${extended(ours)}`);
  }
  compareFieldShapes(where, fieldShape(ref), fieldShape(ours), diffs);
}

function compareObjects(
  ref: ReflectionObject | null | undefined,
  ours: ReflectionObject | null | undefined,
  name: string,
  diffs: string[],
): void {
  if (ref instanceof protobuf.Type && ours instanceof protobuf.Type) compareMessage(ref, ours, diffs);
  else if (ref instanceof protobuf.Enum && ours instanceof protobuf.Enum) compareEnum(ref, ours, diffs);
  else if (ref instanceof protobuf.Service && ours instanceof protobuf.Service)
    compareService(ref, ours, diffs);
  else if (ref instanceof protobuf.Field && ours instanceof protobuf.Field)
    compareExtension(ref, ours, diffs);
  else if (ref === null || ref === undefined)
    diffs.push(`${kindOf(ours)} ${name}: not declared in the reference`);
  else diffs.push(`${name}: kind differs: expected ${kindOf(ref)}, actual ${kindOf(ours)}`);
}

/** Looks up `fullName` in `root`, searching only from the root (no parent-scope fallback). */
function lookupExact(root: protobuf.Root, name: string): ReflectionObject | null {
  let current: ReflectionObject | null = root;
  for (const part of name.split('.')) {
    if (!(current instanceof protobuf.Namespace)) return null;
    current = current.nested?.[part] ?? null;
  }
  return current;
}

/** Every difference between one of our declarations and the reference's declaration of the same full name. */
function compareDeclaration(ours: Declaration, referenceRoot: protobuf.Root): string[] {
  const diffs: string[] = [];
  const name = fullName(ours);
  compareObjects(lookupExact(referenceRoot, name), ours, name, diffs);
  return diffs;
}

// ---- the tests ----

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ourProtoDir = path.join(repoRoot, 'proto');
const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'protos');
// Upstream files the shared set lacks, kept in the repository for this test (test/proto/reference/README.md).
const localReferenceDir = path.join(repoRoot, 'test', 'proto', 'reference');
// containerd's files import each other as "types/…" relative to their repository's api/ directory.
const referenceImportRoots = [
  path.join(referenceDir, 'containerd'),
  path.join(referenceDir, 'cri-api'),
  localReferenceDir,
];

const CGROUP_V2_METRICS = 'io.containerd.cgroups.v2.Metrics';

const isOurFile = (filename: string): boolean => filename.startsWith(ourProtoDir + path.sep);

const ourFiles = listProtoFiles(ourProtoDir);
const referenceFiles = [...listProtoFiles(referenceDir), ...listProtoFiles(localReferenceDir)];
const ours = loadProtoRoot(ourFiles, [ourProtoDir]);
const reference = loadProtoRoot(referenceFiles, referenceImportRoots);
const declarations = declaredTypes(ours, isOurFile);

t.test('discovery finds declarations in every one of our .proto files', async (t) => {
  t.ok(ourFiles.length > 0, `found .proto files under ${ourProtoDir}`);
  t.ok(referenceFiles.length > 0, `found reference .proto files under ${referenceDir}`);
  const declaringFiles = new Set(declarations.map((d) => d.filename));
  for (const file of ourFiles) {
    t.ok(declaringFiles.has(file), `${path.relative(repoRoot, file)} declares at least one type`);
  }
  t.ok(
    declarations.some((d) => d.fullName === '.containerd.services.sandbox.v1.Controller'),
    'the sandbox Controller service is among the declarations',
  );
  // The daemon is a client of these (src/orphans/, src/exits/oom-events.ts): they must be compared like the rest.
  for (const service of [
    'containerd.services.sandbox.v1.Store',
    'containerd.services.namespaces.v1.Namespaces',
    'containerd.services.events.v1.Events',
  ]) {
    t.ok(
      declarations.some((d) => fullName(d) === service),
      `${service} is among the declarations`,
    );
    t.ok(lookupExact(reference, service) instanceof protobuf.Service, `the reference declares ${service}`);
  }
  // The OOM event's payload (src/exits/oom-events.ts) and the envelope the Events service names.
  for (const message of ['containerd.events.TaskOOM', 'containerd.types.Envelope']) {
    t.ok(
      declarations.some((d) => fullName(d) === message),
      `${message} is among the declarations`,
    );
    t.ok(lookupExact(reference, message) instanceof protobuf.Type, `the reference declares ${message}`);
  }
  // The task Stats and Controller Metrics answers carry it (src/stats/): it must be compared like the rest.
  t.ok(
    declarations.some((d) => fullName(d) === CGROUP_V2_METRICS),
    `${CGROUP_V2_METRICS} is among the declarations`,
  );
  t.ok(lookupExact(reference, CGROUP_V2_METRICS) instanceof protobuf.Type, `the reference declares it`);
});

// The comparison above goes from our declarations to the reference. For the cgroup v2 statistics, which containerd
// decodes with the whole upstream schema, it also goes the other way: every message of that file is declared here.
t.test('proto/ declares every message of the reference cgroups v2 metrics.proto', async (t) => {
  const referenceFile = path.join(referenceDir, 'cgroups', 'v2', 'metrics.proto');
  const upstream = declaredTypes(reference, (f) => f === referenceFile);
  t.ok(upstream.length > 0, `the reference ${path.relative(referenceDir, referenceFile)} declares messages`);
  for (const decl of upstream) {
    const ourDecl = lookupExact(ours, fullName(decl));
    t.equal(kindOf(ourDecl), kindOf(decl), `proto/ declares ${kindOf(decl)} ${fullName(decl)}`);
  }
});

// Our own API (package resourceslot.*) is not containerd's: there is no upstream declaration to compare it with.
const isOurOwnApi = (decl: Declaration): boolean => fullName(decl).startsWith('resourceslot.');

t.test('every declaration in proto/ matches the reference', async (t) => {
  for (const decl of declarations.filter((d) => !isOurOwnApi(d))) {
    const name = decl.fullName.replace(/^\./, '');
    const diffs = compareDeclaration(decl, reference);
    const file = path.relative(repoRoot, decl.filename ?? '?');
    if (diffs.length === 0) t.pass(`${name} (${file}) matches the reference`);
    for (const diff of diffs) t.fail(`${file}: ${diff}`);
  }
});

t.test('the comparator reports deliberate alterations', async (t) => {
  const virtual = '<altered>.proto';
  const diffsOf = (t: Test, source: string): string[] => {
    const root = parseProtoSource(source, virtual, [ourProtoDir]);
    const decls = declaredTypes(root, (f) => f === virtual);
    t.ok(decls.length > 0, 'the altered source declares something');
    return decls.flatMap((d) => compareDeclaration(d, reference));
  };
  const read = (rel: string): string => fs.readFileSync(path.join(ourProtoDir, rel), 'utf8');
  const alter = (t: Test, source: string, from: RegExp, to: string): string => {
    t.match(source, from, `fixture still contains ${String(from)}`);
    return source.replace(from, to);
  };

  t.test('unaltered in-memory copies compare clean (control)', async (t) => {
    t.strictSame(diffsOf(t, read('containerd/types/platform.proto')), []);
    t.strictSame(diffsOf(t, read('containerd/services/sandbox/v1/sandbox.proto')), []);
    t.strictSame(diffsOf(t, read('containerd/services/namespaces/v1/namespace.proto')), []);
  });

  t.test('the client-side services: Store and Namespaces', async (t) => {
    let sandbox = read('containerd/services/sandbox/v1/sandbox.proto');
    sandbox = alter(t, sandbox, /repeated string filters = 1;/, 'string filters = 1;');
    sandbox = alter(t, sandbox, /\n\s*rpc Get\(StoreGetRequest\)[^\n]*\n/, '\n');
    t.strictSame(diffsOf(t, sandbox), [
      'service containerd.services.sandbox.v1.Store: missing method Get (present in reference)',
      'message containerd.services.sandbox.v1.StoreListRequest field filters: label differs: expected repeated, actual singular',
    ]);
    let namespaces = read('containerd/services/namespaces/v1/namespace.proto');
    namespaces = alter(
      t,
      namespaces,
      /repeated Namespace namespaces = 1;/,
      'repeated Namespace namespaces = 2;',
    );
    t.strictSame(diffsOf(t, namespaces), [
      'message containerd.services.namespaces.v1.ListNamespacesResponse field namespaces: number differs: expected 1, actual 2',
    ]);
  });

  t.test('the cgroups v2 statistics: a changed scalar type and a missing field', async (t) => {
    t.strictSame(diffsOf(t, read('cgroups/v2/metrics.proto')), [], 'unaltered copy (control)');
    let source = read('cgroups/v2/metrics.proto');
    source = alter(t, source, /uint64 usage_usec = 1;/, 'int64 usage_usec = 1;');
    source = alter(t, source, /\n\s*PSIStats psi = 38;\n/, '\n');
    t.strictSame(diffsOf(t, source), [
      'message io.containerd.cgroups.v2.CPUStat field usage_usec: type differs: expected uint64, actual int64',
      'message io.containerd.cgroups.v2.MemoryStat: missing field psi = 38 (present in reference)',
    ]);
  });

  t.test('a changed field number', async (t) => {
    const source = alter(
      t,
      read('containerd/types/platform.proto'),
      /string architecture = 2;/,
      'string architecture = 12;',
    );
    t.strictSame(diffsOf(t, source), [
      'message containerd.types.Platform field architecture: number differs: expected 2, actual 12',
    ]);
  });

  t.test('changed type, label, oneof and name; extra and missing fields', async (t) => {
    const source = [
      'syntax = "proto3";',
      'package containerd.types;',
      'message Platform {',
      '  string os = 1;',
      '  bytes architecture = 2;',
      '  string variant_name = 3;',
      '  oneof version { string os_version = 4; }',
      '  string os_features = 5;',
      '  optional uint32 revision = 6;',
      '}',
    ].join('\n');
    t.strictSame(diffsOf(t, source), [
      'message containerd.types.Platform: missing field variant = 3 (present in reference)',
      'message containerd.types.Platform: extra field variant_name = 3 (not in reference)',
      'message containerd.types.Platform: extra field revision = 6 (not in reference)',
      'message containerd.types.Platform field architecture: type differs: expected string, actual bytes',
      'message containerd.types.Platform field os_version: oneof differs: expected (none), actual version',
      'message containerd.types.Platform field os_features: label differs: expected repeated, actual singular',
    ]);
  });

  t.test('changed message reference, map key, enum values, nested types and encodings', async (t) => {
    let source = read('runtime/v1/api.proto');
    source = alter(t, source, /PodSandboxMetadata metadata = 1;/, 'PodSandboxConfig metadata = 1;');
    source = alter(t, source, /map<string, ?string> labels = 6;/, 'map<int32, string> labels = 6;');
    source = alter(t, source, /NODE = 2;/, 'NODE = 7;');
    source = alter(t, source, /Localhost = 2;/, 'Localhost = 2;\n    Extra = 3;');
    source = alter(t, source, /enum ProfileType \{/, 'message Inner { string x = 1; }\n  enum ProfileType {');
    source = alter(
      t,
      source,
      /repeated int64 supplemental_groups = 5;/,
      'repeated int64 supplemental_groups = 5 [packed = false];',
    );
    source = alter(t, source, /string localhost_ref = 2;/, 'optional string localhost_ref = 2;');
    t.strictSame(diffsOf(t, source), [
      'message runtime.v1.LinuxSandboxSecurityContext field supplemental_groups: label differs: expected repeated (packed), actual repeated (unpacked)',
      'enum runtime.v1.NamespaceMode value NODE: number differs: expected 2, actual 7',
      'message runtime.v1.PodSandboxConfig field metadata: type differs: expected runtime.v1.PodSandboxMetadata, actual runtime.v1.PodSandboxConfig',
      'message runtime.v1.PodSandboxConfig field labels: label differs: expected map<string>, actual map<int32>',
      'message runtime.v1.SecurityProfile field localhost_ref: label differs: expected singular, actual optional',
      'message runtime.v1.SecurityProfile: extra nested message Inner (not in reference)',
      'enum runtime.v1.SecurityProfile.ProfileType: extra value Extra = 3 (not in reference)',
    ]);
  });

  t.test('service methods: missing, extra, changed types and streaming', async (t) => {
    let source = read('containerd/services/sandbox/v1/sandbox.proto');
    source = alter(t, source, /\n\s*rpc Metrics\([^\n]*\n/, '\n');
    source = alter(
      t,
      source,
      /rpc Wait\(ControllerWaitRequest\) returns \(ControllerWaitResponse\);/,
      'rpc Wait(ControllerWaitRequest) returns (stream ControllerStatusResponse);\n  rpc Extra(ControllerWaitRequest) returns (ControllerWaitResponse);',
    );
    t.strictSame(diffsOf(t, source), [
      'service containerd.services.sandbox.v1.Controller: missing method Metrics (present in reference)',
      'service containerd.services.sandbox.v1.Controller: extra method Extra (not in reference)',
      'service containerd.services.sandbox.v1.Controller method Wait: response differs: expected containerd.services.sandbox.v1.ControllerWaitResponse, actual containerd.services.sandbox.v1.ControllerStatusResponse',
      'service containerd.services.sandbox.v1.Controller method Wait: responseStream differs: expected false, actual true',
    ]);
  });

  t.test('declarations missing from the reference', async (t) => {
    const source = [
      'syntax = "proto3";',
      'package containerd.types;',
      'message NotUpstream { string x = 1; }',
      'enum NotUpstreamEither { ZERO = 0; }',
      'service NoSuchService { rpc Get(NotUpstream) returns (NotUpstream); }',
    ].join('\n');
    t.strictSame(diffsOf(t, source), [
      'service containerd.types.NoSuchService: not declared in the reference',
      'message containerd.types.NotUpstream: not declared in the reference',
      'enum containerd.types.NotUpstreamEither: not declared in the reference',
    ]);
  });
});
