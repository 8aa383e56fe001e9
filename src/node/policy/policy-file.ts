/**
 * The `--policy <yaml>` file: Kubernetes LimitRange and ResourceQuota objects, as `kubectl apply` takes them, and at
 * most one ResourceSlot `Findings` object, as YAML documents separated by `---`. One problem refuses the whole file
 * with a PolicyFileError naming the file, the line, the field and the problem.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { DEFAULT_MEMORY_LIMIT_FLOOR_BYTES } from '../findings.js';
import { readFindings } from './findings-reader.js';
import { readLimitRange } from './limit-range-reader.js';
import { PolicyFileError } from './policy-error.js';
import type { Policy } from './policy.js';
import { readResourceQuota } from './quota-reader.js';
import type { RuleRef } from './rule.js';
import { PolicyProblem, YamlReader, type Value } from './yaml-reader.js';

/** Each kind with the apiVersion it is written with. */
const API_VERSIONS: Readonly<Record<RuleRef['kind'], string>> = {
  LimitRange: 'v1',
  ResourceQuota: 'v1',
  Findings: 'resource-slot.io/v1',
};
const KINDS = Object.keys(API_VERSIONS) as RuleRef['kind'][];

/** The default namespace, as kubectl's is when an object names none. */
const DEFAULT_NAMESPACE = 'default';

export const emptyPolicy = (file: string): Policy => ({
  file,
  limitRanges: [],
  quotas: [],
  findings: { rule: null, memoryLimitFloorBytes: DEFAULT_MEMORY_LIMIT_FLOOR_BYTES, refuse: new Set() },
});

/** The file's text (`file` names it in errors) read into a policy. */
export function parsePolicyFile(text: string, file: string): Policy {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const reader = new YamlReader(lines);
  const policy = emptyPolicy(file);
  const seen = new Set<string>();
  for (const document of documents) {
    const error = document.errors[0];
    if (error)
      throw new PolicyFileError(
        file,
        lines.linePos(error.pos[0]).line,
        'policy',
        `YAML: ${error.message.split('\n')[0] ?? ''}`,
      );
    const root = (document.contents ?? null) as Value;
    if (reader.isEmpty(root)) continue;
    try {
      readObject(reader, root, file, policy, seen);
    } catch (problem) {
      if (problem instanceof PolicyProblem)
        throw new PolicyFileError(file, problem.line, problem.field, problem.detail);
      throw problem;
    }
  }
  return policy;
}

function readObject(reader: YamlReader, root: Value, file: string, policy: Policy, seen: Set<string>): void {
  const line = reader.lineOf(root);
  const entries = reader.entries(root, 'object', ['apiVersion', 'kind', 'metadata', 'spec']);
  const kindNode = YamlReader.get(entries, 'kind');
  if (kindNode === null) throw new PolicyProblem(line, 'kind', `is required (${KINDS.join(', ')})`);
  const kindText = reader.string(kindNode, 'kind');
  const kind = KINDS.find((known) => known === kindText);
  if (kind === undefined)
    throw new PolicyProblem(
      reader.lineOf(kindNode),
      'kind',
      `unknown kind ${JSON.stringify(kindText)} (known: ${KINDS.join(', ')})`,
    );
  const versionNode = YamlReader.get(entries, 'apiVersion');
  const version = versionNode === null ? null : reader.string(versionNode, 'apiVersion');
  if (version !== API_VERSIONS[kind])
    throw new PolicyProblem(
      reader.lineOf(versionNode, line),
      'apiVersion',
      `a ${kind} is ${API_VERSIONS[kind]}, got ${JSON.stringify(version)}`,
    );
  const metadata = reader.entries(YamlReader.get(entries, 'metadata'), 'metadata', ['name', 'namespace']);
  const nameNode = YamlReader.get(metadata, 'name');
  if (nameNode === null) throw new PolicyProblem(line, 'metadata.name', 'is required');
  const name = reader.string(nameNode, 'metadata.name');
  const namespaceNode = YamlReader.get(metadata, 'namespace');
  if (kind === 'Findings' && namespaceNode !== null)
    throw new PolicyProblem(
      reader.lineOf(namespaceNode),
      'metadata.namespace',
      'Findings applies to every namespace: it has none',
    );
  const namespace =
    kind === 'Findings'
      ? ''
      : namespaceNode === null
        ? DEFAULT_NAMESPACE
        : reader.string(namespaceNode, 'metadata.namespace');
  const key = kind === 'Findings' ? kind : `${kind} ${namespace}/${name}`;
  if (seen.has(key))
    throw new PolicyProblem(
      line,
      'metadata.name',
      kind === 'Findings' ? 'the file has one Findings object at most' : `${key} is defined twice`,
    );
  seen.add(key);
  const spec = YamlReader.get(entries, 'spec');
  const object = { kind, namespace, name, file };
  if (kind === 'LimitRange') policy.limitRanges.push(readLimitRange(reader, spec, object));
  else if (kind === 'ResourceQuota')
    policy.quotas.push(readResourceQuota(reader, spec, { ...object, item: '', line }));
  else
    policy.findings = readFindings(
      reader,
      spec,
      { ...object, item: '', line },
      policy.findings.memoryLimitFloorBytes,
    );
}
