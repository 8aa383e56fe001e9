import t from 'tap';
import { apiServiceProblem, nodesReady } from '../../src/cluster/readiness.js';

t.test('node readiness from kubectl get nodes -o json', async (t) => {
  const json = JSON.stringify({
    items: [
      {
        metadata: { name: 'a' },
        status: {
          conditions: [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: 'True' },
          ],
        },
      },
      { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      { metadata: { name: 'c' } },
    ],
  });
  t.same(
    [...nodesReady(json)],
    [
      ['a', 'True'],
      ['b', 'False'],
      ['c', 'Unknown'],
    ],
  );
});

t.test('an APIService is ready once Available is True, else the message says why', async (t) => {
  t.equal(
    apiServiceProblem(JSON.stringify({ status: { conditions: [{ type: 'Available', status: 'True' }] } })),
    undefined,
  );
  t.equal(
    apiServiceProblem(
      JSON.stringify({
        status: {
          conditions: [{ type: 'Available', status: 'False', message: 'failing or missing response' }],
        },
      }),
    ),
    'failing or missing response',
  );
  t.equal(apiServiceProblem('{}'), 'no Available condition yet');
});
