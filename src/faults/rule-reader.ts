/**
 * Reads one rule from its YAML node (a file's list item, or the text given to the Faults service), checking every
 * key and value; a problem is a RuleProblem naming the field (`rules[2].delay`, the rule's name when it has one)
 * and the line. Nothing is kept of a rule that is refused.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseDurationMs } from './duration.js';
import { Failpoint } from './failpoint.js';
import { FailpointSyntaxError } from './failpoint-parser.js';
import { FAULT_SERVICES, isFaultService, METHODS } from './methods.js';
import { NameGlob, type NameKind } from './name-glob.js';
import { RuleProblem } from './rule-problem.js';
import type { Duration, RuleEffect, RuleSpec } from './rule-spec.js';
import type { FaultService } from './types.js';

const RULE_KEYS = [
  'name',
  'service',
  'methods',
  'namespace',
  'pod',
  'container',
  'failpoint',
  'delay',
  'jitter',
  'probability',
  'seed',
  'outage',
];
const EFFECTS = ['failpoint', 'delay', 'outage'];
const LATENCY_ONLY = ['jitter', 'probability', 'seed'];
const OUTAGE_KEYS = ['after', 'for'];
const MAX_NAME_LENGTH = 63;

/** A key's node and its value's (null when the value is left empty). */
interface Entry {
  key: Node;
  value: Node | null;
}

const isNameChar = (c: string): boolean =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || '._-'.includes(c);

export class RuleReader {
  private name: string | null = null;

  /** `prefix` names the rule in fields: `rules[2]` in a file, `rule` for one added at run time. */
  constructor(
    private readonly lineOf: (node: Node | null | undefined) => number,
    private readonly prefix: string,
  ) {}

  read(root: Node | null): RuleSpec {
    const entries = this.mapping(root, null, RULE_KEYS);
    const name = entries.get('name');
    if (name) this.name = this.ruleName(name);
    const service = this.service(entries.get('service'));
    const container = this.glob(entries.get('container'), 'container', 'label');
    if (container && service === 'Controller')
      throw this.problem(entries.get('container')?.key, 'container', 'Controller calls concern no container');
    return {
      name: this.name,
      service,
      methods: this.methods(entries.get('methods'), service),
      namespace: this.glob(entries.get('namespace'), 'namespace', 'label'),
      pod: this.glob(entries.get('pod'), 'pod', 'subdomain'),
      container,
      effect: this.effect(root, entries),
      json: JSON.stringify(isMap(root) ? root.toJSON() : null),
      line: this.lineOf(root),
    };
  }

  private problem(node: Node | null | undefined, field: string | null, detail: string): RuleProblem {
    const named = this.name === null ? '' : ` (rule ${JSON.stringify(this.name)})`;
    const path = field === null ? this.prefix : `${this.prefix}.${field}`;
    return new RuleProblem(this.lineOf(node), path, detail + named);
  }

  /** A mapping's entries, refusing keys not in `allowed`. */
  private mapping(node: Node | null, field: string | null, allowed: readonly string[]): Map<string, Entry> {
    if (!isMap(node)) throw this.problem(node, field, 'must be a mapping');
    const entries = new Map<string, Entry>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key : null;
      if (key === null || typeof key.value !== 'string' || !allowed.includes(key.value)) {
        const known = `(known: ${allowed.join(', ')})`;
        if (key === null || typeof key.value !== 'string')
          throw this.problem(key ?? node, field, `every key must be a string ${known}`);
        throw this.problem(
          key,
          field === null ? key.value : `${field}.${key.value}`,
          `unknown field ${known}`,
        );
      }
      entries.set(key.value, { key, value: (pair.value ?? null) as Node | null });
    }
    return entries;
  }

  /** A string; a bare number (`pod: 123`) is taken as written. */
  private text(entry: Entry, field: string): string {
    const value = entry.value;
    if (isScalar(value) && typeof value.value === 'string') return value.value;
    if (isScalar(value) && typeof value.value === 'number') return value.source ?? String(value.value);
    throw this.problem(value ?? entry.key, field, 'must be a string');
  }

  private number(entry: Entry, field: string): number {
    const value = entry.value;
    if (isScalar(value) && typeof value.value === 'number') return value.value;
    throw this.problem(value ?? entry.key, field, 'must be a number');
  }

  private ruleName(entry: Entry): string {
    const name = this.text(entry, 'name');
    if (name === '' || name.length > MAX_NAME_LENGTH || ![...name].every(isNameChar))
      throw this.problem(
        entry.value,
        'name',
        `bad rule name ${JSON.stringify(name)}: 1 to ${MAX_NAME_LENGTH} of A-Z, a-z, 0-9, '.', '_', '-'`,
      );
    return name;
  }

  private service(entry: Entry | undefined): FaultService | null {
    if (!entry) return null;
    const service = this.text(entry, 'service');
    if (!isFaultService(service))
      throw this.problem(
        entry.value,
        'service',
        `must be ${FAULT_SERVICES.join(' or ')}, not ${JSON.stringify(service)}`,
      );
    return service;
  }

  private methods(entry: Entry | undefined, service: FaultService | null): string[] | null {
    if (!entry) return null;
    const list = entry.value;
    if (!isSeq(list) || list.items.length === 0)
      throw this.problem(
        list ?? entry.key,
        'methods',
        'must be a list of method names (leave it out for all)',
      );
    const known = service ? METHODS[service] : [...new Set([...METHODS.Controller, ...METHODS.Task])];
    const which = service ? `${service} methods` : 'Controller or Task methods';
    return list.items.map((item, i) => {
      const field = `methods[${i}]`;
      const node = item as Node | null;
      const method = this.text({ key: list, value: node }, field);
      if (!known.includes(method))
        throw this.problem(
          node,
          field,
          `unknown method ${JSON.stringify(method)} (${which}: ${known.join(' ')})`,
        );
      return method;
    });
  }

  private glob(entry: Entry | undefined, field: string, kind: NameKind): NameGlob | null {
    if (!entry) return null;
    const glob = NameGlob.parse(this.text(entry, field), kind);
    if (typeof glob === 'string') throw this.problem(entry.value, field, glob);
    return glob;
  }

  private duration(entry: Entry, field: string): Duration {
    const text = this.text(entry, field);
    const ms = parseDurationMs(text);
    if (typeof ms === 'string') throw this.problem(entry.value, field, ms);
    return { text, ms };
  }

  private effect(root: Node | null, entries: Map<string, Entry>): RuleEffect {
    const given = [...entries.keys()].filter((key) => EFFECTS.includes(key));
    if (given.length === 0)
      throw this.problem(root, null, 'a rule needs one effect: failpoint, delay or outage');
    const [first, second] = given;
    if (second !== undefined)
      throw this.problem(
        entries.get(second)?.key,
        second,
        `a rule has one effect: ${first} and ${second} are both given`,
      );
    if (first !== 'delay') {
      const stray = LATENCY_ONLY.find((key) => entries.has(key));
      if (stray) throw this.problem(entries.get(stray)?.key, stray, `belongs with delay, not with ${first}`);
    }
    const entry = entries.get(first ?? '');
    if (!entry) throw this.problem(root, null, 'a rule needs one effect: failpoint, delay or outage');
    if (first === 'failpoint') return this.failpoint(entry);
    if (first === 'delay') return this.latency(entry, entries);
    return this.outage(entry);
  }

  private failpoint(entry: Entry): RuleEffect {
    const field = `${this.prefix}.failpoint`;
    try {
      return { kind: 'failpoint', failpoint: new Failpoint(this.text(entry, 'failpoint'), field) };
    } catch (err) {
      if (err instanceof FailpointSyntaxError) throw this.problem(entry.value, 'failpoint', err.detail);
      throw err;
    }
  }

  private latency(delay: Entry, entries: Map<string, Entry>): RuleEffect {
    const jitterEntry = entries.get('jitter');
    const probabilityEntry = entries.get('probability');
    const seedEntry = entries.get('seed');
    const probability = probabilityEntry ? this.number(probabilityEntry, 'probability') : 1;
    if (!(probability >= 0 && probability <= 1))
      throw this.problem(probabilityEntry?.value, 'probability', `must be from 0 to 1, not ${probability}`);
    const seed = seedEntry ? this.number(seedEntry, 'seed') : null;
    if (seed !== null && !Number.isSafeInteger(seed))
      throw this.problem(seedEntry?.value, 'seed', `must be an integer, not ${seed}`);
    return {
      kind: 'latency',
      delay: this.duration(delay, 'delay'),
      jitter: jitterEntry ? this.duration(jitterEntry, 'jitter') : null,
      probability,
      seed,
    };
  }

  private outage(entry: Entry): RuleEffect {
    const window = this.mapping(entry.value, 'outage', OUTAGE_KEYS);
    const forEntry = window.get('for');
    if (!forEntry) throw this.problem(entry.value, 'outage.for', 'is missing: how long the outage lasts');
    const afterEntry = window.get('after');
    const lasting = this.duration(forEntry, 'outage.for');
    if (lasting.ms <= 0) throw this.problem(forEntry.value, 'outage.for', 'must be longer than 0');
    return {
      kind: 'outage',
      after: afterEntry ? this.duration(afterEntry, 'outage.after') : { text: '0', ms: 0 },
      for: lasting,
    };
  }
}
