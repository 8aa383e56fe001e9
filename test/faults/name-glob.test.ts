import t from 'tap';
import { NameGlob } from '../../src/faults/name-glob.js';

function glob(text: string, kind: 'label' | 'subdomain' = 'subdomain'): NameGlob {
  const parsed = NameGlob.parse(text, kind);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

t.test('* stands for any run of characters, the rest is literal', async (t) => {
  const cases: Array<[string, string, boolean]> = [
    ['web', 'web', true],
    ['web', 'web-1', false],
    ['web', 'we', false],
    ['*', 'anything', true],
    ['*', '', true],
    ['web-*', 'web-1', true],
    ['web-*', 'web-', true],
    ['web-*', 'web', false],
    ['web-*', 'api-web-1', false],
    ['*-db', 'orders-db', true],
    ['*-db', 'orders-db-0', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['a*b*b', 'ab', false],
    ['a*b*b', 'abb', true],
    ['a*bb*c', 'abbc', true],
    ['a*bb*c', 'abc', false],
    ['*.*', 'a.b', true],
    ['**', 'x', true],
    ['*a*a*', 'aa', true],
    ['*a*a*', 'a', false],
  ];
  for (const [pattern, name, expected] of cases)
    t.equal(glob(pattern).matches(name), expected, `${pattern} ~ ${name}`);
});

t.test('patterns that could never match a Kubernetes name are refused', async (t) => {
  const cases: Array<[string, 'label' | 'subdomain', RegExp]> = [
    ['', 'label', /empty name pattern/],
    ['Web', 'subdomain', /"W" is not allowed .*a-z, 0-9, '-', '\.'.*only wildcard is \*/],
    ['web?', 'subdomain', /"\?" is not allowed/],
    ['web[12]', 'subdomain', /"\[" is not allowed/],
    ['a b', 'label', /" " is not allowed/],
    [
      'kube.system',
      'label',
      /"\." is not allowed \(Kubernetes names hold a-z, 0-9, '-'; the only wildcard is \*\)/,
    ],
    ['x'.repeat(254), 'subdomain', /longer than 253/],
  ];
  for (const [text, kind, message] of cases)
    t.match(NameGlob.parse(text, kind), message, JSON.stringify(text));
  t.type(NameGlob.parse('kube.system', 'subdomain'), NameGlob);
  t.type(NameGlob.parse('x'.repeat(253), 'subdomain'), NameGlob);
});
