import t from 'tap';
import { parse } from 'yaml';
import { clusterCredentials, randomToken, tokenAuthFile } from '../../src/cluster/credentials.js';
import { kubeconfig } from '../../src/cluster/kubeconfig.js';

const counter = () => {
  let n = 0;
  return () => `token-${++n}`;
};

t.test('every client has its own token, kubelets as system:node:<name> in system:nodes', async (t) => {
  const credentials = clusterCredentials(['127.0.0.11', '127.0.0.12'], counter());
  t.same(credentials.admin, { user: 'admin', groups: ['system:masters'], token: 'token-1' });
  t.same(credentials.nodes['127.0.0.12'], {
    user: 'system:node:127.0.0.12',
    groups: ['system:nodes'],
    token: 'token-6',
  });
  t.equal(
    tokenAuthFile(credentials).split('\n')[0],
    'token-1,admin,admin,"system:masters"',
    'token,user,uid,"groups"',
  );
  t.equal(tokenAuthFile(credentials).trimEnd().split('\n').length, 6);
  t.match(randomToken(), /^[0-9a-f]{48}$/);
});

t.test('a kubeconfig names the server, the CA file and the token', async (t) => {
  const config = parse(
    kubeconfig('https://127.0.0.1:16443', '/p/ca.crt', { user: 'admin', groups: [], token: 'x' }),
  );
  t.equal(config.clusters[0].cluster.server, 'https://127.0.0.1:16443');
  t.equal(config.clusters[0].cluster['certificate-authority'], '/p/ca.crt');
  t.same(config.users, [{ name: 'admin', user: { token: 'x' } }]);
  t.equal(config['current-context'], config.contexts[0].name);
});
