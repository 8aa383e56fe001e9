// How a pod's requests add up, as Kubernetes' PodRequests computes them, from the fixtures under test/fixtures/plan.
import path from 'node:path';
import t from 'tap';
import { readPlanFiles } from '../../src/ctl/plan-files.js';
import { CtlError } from '../../src/ctl/errors.js';
import { parseNanos } from '../../src/node/amounts.js';
import { podRequests } from '../../src/plan/pod-requests.js';
import { requestsText } from '../../src/plan/request-text.js';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../fixtures/plan', name);
const list = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([name, text]) => [name, parseNanos(text)]));

t.test(
  'containers add up, init containers take the maximum, sidecars run beside, overhead is added',
  async (t) => {
    const requests = podRequests({
      containers: [{ requests: list({ cpu: '500m', memory: '512Mi' }) }, { requests: list({ cpu: '100m' }) }],
      initContainers: [
        { requests: list({ cpu: '2', memory: '64Mi' }) },
        { requests: list({ cpu: '100m', memory: '64Mi' }), restartable: true },
        // After the sidecar: 300m + its 100m = 400m, below the containers' 700m.
        { requests: list({ cpu: '300m', memory: '1Gi' }) },
      ],
      overhead: list({ cpu: '50m', memory: '10Mi' }),
    });
    // cpu: max(600m + 100m sidecar, 2, 400m) = 2, + 50m. memory: max(512Mi + 64Mi, 64Mi, 1Gi + 64Mi) + 10Mi.
    t.same(requestsText(requests), { cpu: '2050m', memory: '1098Mi' });
  },
);

t.test('a Deployment: requests default to limits; replicas come from spec.replicas', async (t) => {
  const ask = await readPlanFiles([fixture('web-deployment.yaml')]);
  // app 500m/512Mi, metrics 100m/64Mi from its limits, sidecar proxy 100m/64Mi: 700m/640Mi; the init container
  // migrate asks 1 cpu/128Mi alone, so cpu is 1 and memory 640Mi.
  t.same(
    { name: ask.name, replicas: ask.replicas, requests: requestsText(ask.requests) },
    {
      name: 'web',
      replicas: 10,
      requests: { cpu: '1', memory: '640Mi' },
    },
  );
});

t.test('a Pod with overhead and an extended resource', async (t) => {
  const ask = await readPlanFiles([fixture('gpu-pod.yaml')]);
  t.same(requestsText(ask.requests), { cpu: '2250m', memory: '8312Mi', 'nvidia.com/gpu': '1' });
  t.equal(ask.replicas, null);
});

t.test('crictl configs count as the node counts the pod they would create', async (t) => {
  const ask = await readPlanFiles([fixture('crictl-pod.yaml'), fixture('crictl-container.yaml')]);
  // 256 shares = 250m, overhead 102 shares = 0.0996 cores: 349.6m rounded up; 256Mi limit + 32Mi overhead.
  t.same(
    { name: ask.name, requests: requestsText(ask.requests) },
    {
      name: 'cache',
      requests: { cpu: '350m', memory: '288Mi' },
    },
  );
});

t.test('bad files name the file and the field', async (t) => {
  const failure = async (files: string[]) => {
    try {
      await readPlanFiles(files);
    } catch (error) {
      return error instanceof CtlError ? { code: error.code, message: error.message } : error;
    }
    throw new Error('read');
  };
  t.match(await failure([fixture('bad-quantity.yaml')]), {
    code: 'INVALID_ARGUMENT',
    message: `${fixture('bad-quantity.yaml')}: spec.containers[0].resources.requests.cpu: "two" is not a quantity`,
  });
  t.match(await failure([fixture('bad-request-above-limit.yaml')]), {
    message: `${fixture('bad-request-above-limit.yaml')}: spec.template.spec.containers[0].resources.requests.memory: must be less than or equal to its limit`,
  });
  t.match(await failure([fixture('bad-kind.yaml')]), {
    message: /bad-kind\.yaml: kind: want Pod or Deployment, got "Service"/,
  });
  t.match(await failure([fixture('web-deployment.yaml'), fixture('crictl-container.yaml')]), {
    message: /is a Kubernetes Deployment: give it alone/,
  });
  t.match(await failure([fixture('missing.yaml')]), { message: /cannot read pod file .*missing\.yaml/ });
});
