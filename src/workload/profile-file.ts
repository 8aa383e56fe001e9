/**
 * The `--workload <file>` profile file: YAML documents shaped like KWOK's ResourceUsage (one pod, by
 * `metadata.name` and `metadata.namespace`) and ClusterResourceUsage (pods chosen by
 * `spec.selector.matchNamespaces` and `matchNames`, empty meaning all), each with `spec.usages[]` of
 * `{containers?, usage: {cpu?, memory?}}` where a resource is `{value}` (a quantity or one of our profile
 * expressions) or `{expression}` (CEL), value winning when both are given. The file is read whole; one problem
 * (YAML syntax, a wrong kind, an unknown field, a bad value, a CEL syntax or type error) refuses all of it with a
 * ProfileFileError naming the file, the line and the problem. Documents are checked, never partly applied.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type YAMLMap } from 'yaml';
import { InvalidArgumentError } from '../core/errors.js';
import { parseProfile } from './build.js';
import { CelRate } from './cel.js';
import type { Profile } from './profile.js';
import type { Resource } from './sources.js';

export const API_VERSION = 'kwok.x-k8s.io/v1alpha1';

export class ProfileFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

/** Where a resource's usage comes from in the file: one of our profiles, or a CEL rate. */
export type RateSource = { kind: 'profile'; profile: Profile } | { kind: 'cel'; rate: CelRate };

export interface UsageRule {
  /** The container names it applies to; null: every container. */
  containers: readonly string[] | null;
  cpu: RateSource | null;
  memory: RateSource | null;
  line: number;
}

export type UsageDocument =
  | { kind: 'ResourceUsage'; line: number; name: string; namespace: string; usages: UsageRule[] }
  | {
      kind: 'ClusterResourceUsage';
      line: number;
      matchNamespaces: readonly string[];
      matchNames: readonly string[];
      usages: UsageRule[];
    };

export interface PodIdentity {
  name: string;
  namespace: string;
}

/** The chosen rule for one resource: its source, and where it is written (`file:line`). */
export interface RuleChoice {
  source: RateSource;
  where: string;
}

/** The rules of one profile file, in the order written. */
export class ProfileRules {
  static readonly EMPTY = new ProfileRules('', []);

  constructor(
    readonly file: string,
    readonly documents: readonly UsageDocument[],
  ) {}

  /**
   * The rule for one resource of one container: ResourceUsage documents (the pod's own) before
   * ClusterResourceUsage documents; among them, the first in the file that matches the pod and gives this
   * resource; within a document, a usage naming the container before one naming none.
   */
  choose(resource: Resource, pod: PodIdentity, container: string): RuleChoice | null {
    for (const kind of ['ResourceUsage', 'ClusterResourceUsage'] as const) {
      for (const doc of this.documents) {
        if (doc.kind !== kind || !matches(doc, pod)) continue;
        const usage =
          doc.usages.find((u) => u.containers?.includes(container) === true && u[resource] !== null) ??
          doc.usages.find((u) => u.containers === null && u[resource] !== null);
        const source = usage?.[resource];
        if (usage && source) return { source, where: `${this.file}:${usage.line}` };
      }
    }
    return null;
  }
}

function matches(doc: UsageDocument, pod: PodIdentity): boolean {
  if (doc.kind === 'ResourceUsage') return doc.name === pod.name && doc.namespace === pod.namespace;
  return (
    (doc.matchNamespaces.length === 0 || doc.matchNamespaces.includes(pod.namespace)) &&
    (doc.matchNames.length === 0 || doc.matchNames.includes(pod.name))
  );
}

/** A thrown problem at a line; ProfileFileError adds the file. */
class Problem extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads one file's text; `file` names it in errors. */
export function parseProfileFile(text: string, file: string): ProfileRules {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const documents: UsageDocument[] = [];
  try {
    if (!Array.isArray(docs)) throw new Problem(1, 'not a YAML stream');
    for (const doc of docs) {
      const error = doc.errors[0];
      if (error) {
        const line = lines.linePos(error.pos[0]).line;
        throw new Problem(line, `YAML: ${error.message.split('\n')[0] ?? ''}`);
      }
      // An empty document (`---` alone, or only comments) has no rules.
      if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
      documents.push(new DocumentReader(lineOf).document(doc.contents));
    }
  } catch (err) {
    if (err instanceof Problem) throw new ProfileFileError(file, err.line, err.message);
    throw err;
  }
  return new ProfileRules(file, documents);
}

/** Reads one document's nodes, throwing a Problem at the offending node's line. */
class DocumentReader {
  constructor(private readonly lineOf: (node: Node | null | undefined) => number) {}

  /** A mapping's entries, refusing keys not in `allowed`. */
  private mapping(node: Node | null, what: string, allowed: readonly string[]): Map<string, Node | null> {
    if (!isMap(node)) throw new Problem(this.lineOf(node), `${what} must be a mapping`);
    const entries = new Map<string, Node | null>();
    for (const pair of (node as YAMLMap<unknown, unknown>).items) {
      const key = pair.key;
      const keyNode = isScalar(key) ? key : null;
      const name = keyNode && typeof keyNode.value === 'string' ? keyNode.value : null;
      if (name === null || !allowed.includes(name)) {
        const shown = keyNode ? JSON.stringify(keyNode.value) : 'a non-string key';
        throw new Problem(
          this.lineOf(keyNode ?? node),
          `unknown field ${shown} in ${what} (known: ${allowed.join(', ')})`,
        );
      }
      entries.set(name, (pair.value ?? null) as Node | null);
    }
    return entries;
  }

  private string(node: Node | null, what: string): string {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    throw new Problem(this.lineOf(node), `${what} must be a string`);
  }

  /** A string, or a number written bare (`value: 1`), as text. */
  private text(node: Node | null, what: string): string {
    if (isScalar(node) && typeof node.value === 'number') return node.source ?? String(node.value);
    return this.string(node, what);
  }

  private strings(node: Node | null | undefined, what: string): string[] {
    if (node === undefined || node === null) return [];
    if (!isSeq(node)) throw new Problem(this.lineOf(node), `${what} must be a list of strings`);
    return node.items.map((item, i) => this.string(item as Node | null, `${what}[${i}]`));
  }

  document(root: Node): UsageDocument {
    const top = this.mapping(root, 'the document', ['apiVersion', 'kind', 'metadata', 'spec']);
    const line = this.lineOf(root);
    const apiVersion = top.get('apiVersion');
    if (apiVersion !== undefined && this.string(apiVersion, 'apiVersion') !== API_VERSION)
      throw new Problem(this.lineOf(apiVersion), `apiVersion must be ${API_VERSION}`);
    const kindNode = top.get('kind');
    if (kindNode === undefined)
      throw new Problem(line, 'kind is missing (ResourceUsage or ClusterResourceUsage)');
    const kind = this.string(kindNode, 'kind');
    if (kind !== 'ResourceUsage' && kind !== 'ClusterResourceUsage')
      throw new Problem(
        this.lineOf(kindNode),
        `kind must be ResourceUsage or ClusterResourceUsage, not ${JSON.stringify(kind)}`,
      );
    const cluster = kind === 'ClusterResourceUsage';
    const metadataNode = top.get('metadata');
    const metadata =
      metadataNode === undefined
        ? new Map<string, Node | null>()
        : this.mapping(
            metadataNode,
            'metadata',
            cluster ? ['name', 'labels', 'annotations'] : ['name', 'namespace', 'labels', 'annotations'],
          );
    const specNode = top.get('spec');
    if (specNode === undefined) throw new Problem(line, 'spec is missing');
    const spec = this.mapping(specNode, 'spec', cluster ? ['selector', 'usages'] : ['usages']);
    const usagesNode = spec.get('usages');
    if (usagesNode === undefined || usagesNode === null)
      throw new Problem(this.lineOf(specNode), 'spec.usages is missing');
    if (!isSeq(usagesNode)) throw new Problem(this.lineOf(usagesNode), 'spec.usages must be a list');
    const usages = usagesNode.items.map((item, i) => this.usage(item as Node | null, `spec.usages[${i}]`));
    if (cluster) {
      const selectorNode = spec.get('selector');
      const selector =
        selectorNode === undefined || selectorNode === null
          ? new Map<string, Node | null>()
          : this.mapping(selectorNode, 'spec.selector', ['matchNamespaces', 'matchNames']);
      return {
        kind,
        line,
        matchNamespaces: this.strings(selector.get('matchNamespaces'), 'spec.selector.matchNamespaces'),
        matchNames: this.strings(selector.get('matchNames'), 'spec.selector.matchNames'),
        usages,
      };
    }
    const nameNode = metadata.get('name');
    if (nameNode === undefined)
      throw new Problem(
        this.lineOf(metadataNode ?? root),
        'a ResourceUsage needs metadata.name (the pod name)',
      );
    const namespaceNode = metadata.get('namespace');
    return {
      kind,
      line,
      name: this.string(nameNode, 'metadata.name'),
      namespace: namespaceNode === undefined ? 'default' : this.string(namespaceNode, 'metadata.namespace'),
      usages,
    };
  }

  private usage(node: Node | null, what: string): UsageRule {
    const entries = this.mapping(node, what, ['containers', 'usage']);
    const usageNode = entries.get('usage');
    if (usageNode === undefined || usageNode === null)
      throw new Problem(this.lineOf(node), `${what}.usage is missing`);
    const usage = this.mapping(usageNode, `${what}.usage`, ['cpu', 'memory']);
    const containers = this.strings(entries.get('containers'), `${what}.containers`);
    const resource = (name: Resource): RateSource | null => {
      const value = usage.get(name);
      return value === undefined || value === null ? null : this.rate(value, `${what}.usage.${name}`);
    };
    return {
      containers: containers.length === 0 ? null : containers,
      cpu: resource('cpu'),
      memory: resource('memory'),
      line: this.lineOf(node),
    };
  }

  /** `{value}` or `{expression}`; both are checked, value wins (as in KWOK). */
  private rate(node: Node, what: string): RateSource {
    const entries = this.mapping(node, what, ['value', 'expression']);
    const valueNode = entries.get('value');
    const expressionNode = entries.get('expression');
    if (valueNode === undefined && expressionNode === undefined)
      throw new Problem(this.lineOf(node), `${what} needs a value or an expression`);
    let cel: CelRate | null = null;
    if (expressionNode !== undefined) {
      const compiled = CelRate.compile(this.string(expressionNode, `${what}.expression`));
      if (typeof compiled === 'string')
        throw new Problem(this.lineOf(expressionNode), `${what}.expression: ${compiled}`);
      cel = compiled;
    }
    if (valueNode !== undefined) {
      const text = this.text(valueNode, `${what}.value`);
      try {
        return { kind: 'profile', profile: parseProfile(text, `${what}.value`) };
      } catch (err) {
        if (err instanceof InvalidArgumentError) throw new Problem(this.lineOf(valueNode), err.message);
        throw err;
      }
    }
    if (!cel) throw new Problem(this.lineOf(node), `${what} needs a value or an expression`);
    return { kind: 'cel', rate: cel };
  }
}
