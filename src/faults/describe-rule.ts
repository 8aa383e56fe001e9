import type { RuleEffect, RuleSpec } from './rule-spec.js';

/** One line a person reads: `Task.{Start,Kill} namespace=prod pod=web-* 1*error(UNAVAILABLE: retry)`. */
export function describeRule(spec: RuleSpec): string {
  const methods = spec.methods;
  const method = methods === null ? '*' : methods.length === 1 ? methods[0] : `{${methods.join(',')}}`;
  const words = [`${spec.service ?? '*'}.${method}`];
  if (spec.namespace) words.push(`namespace=${spec.namespace.text}`);
  if (spec.pod) words.push(`pod=${spec.pod.text}`);
  if (spec.container) words.push(`container=${spec.container.text}`);
  words.push(describeEffect(spec.effect));
  return words.join(' ');
}

function describeEffect(effect: RuleEffect): string {
  switch (effect.kind) {
    case 'failpoint':
      return effect.failpoint.text;
    case 'latency': {
      const jitter = effect.jitter ? `±${effect.jitter.text}` : '';
      const probability = effect.probability < 1 ? ` probability=${effect.probability}` : '';
      const seed = effect.seed === null ? '' : ` seed=${effect.seed}`;
      return `delay ${effect.delay.text}${jitter}${probability}${seed}`;
    }
    case 'outage': {
      const after = effect.after.ms > 0 ? ` after ${effect.after.text}` : '';
      return `outage${after} for ${effect.for.text}`;
    }
  }
}
