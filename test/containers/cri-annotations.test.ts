import t from 'tap';
import {
  CONTAINER_NAME_ANNOTATION,
  CONTAINER_TYPE_ANNOTATION,
  IMAGE_NAME_ANNOTATION,
  SANDBOX_ID_ANNOTATION,
  SANDBOX_NAME_ANNOTATION,
  SANDBOX_NAMESPACE_ANNOTATION,
  SANDBOX_UID_ANNOTATION,
  criContainerInfo,
  resolveSandboxId,
} from '../../src/containers/cri-annotations.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

function invalidArgument(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

/** What containerd's DefaultCRIAnnotations put in a container's spec. */
const criAnnotations = {
  'io.kubernetes.cri.container-type': 'container',
  'io.kubernetes.cri.sandbox-id': 'f3c1a2b4',
  'io.kubernetes.cri.sandbox-name': 'nginx-pod',
  'io.kubernetes.cri.sandbox-namespace': 'default',
  'io.kubernetes.cri.sandbox-uid': 'b7e3c9d0-uid',
  'io.kubernetes.cri.container-name': 'nginx',
  'io.kubernetes.cri.image-name': 'docker.io/library/nginx:latest',
  'unrelated.example.com/key': 'value',
};

t.test('key constants are containerd’s', async (t) => {
  t.same(
    [
      CONTAINER_TYPE_ANNOTATION,
      SANDBOX_ID_ANNOTATION,
      SANDBOX_NAME_ANNOTATION,
      SANDBOX_NAMESPACE_ANNOTATION,
      SANDBOX_UID_ANNOTATION,
      CONTAINER_NAME_ANNOTATION,
      IMAGE_NAME_ANNOTATION,
    ],
    Object.keys(criAnnotations).slice(0, 7),
  );
});

t.test('criContainerInfo reads every CRI annotation', async (t) => {
  t.same(criContainerInfo(criAnnotations), {
    sandboxId: 'f3c1a2b4',
    containerType: 'container',
    containerName: 'nginx',
    imageName: 'docker.io/library/nginx:latest',
    sandboxName: 'nginx-pod',
    sandboxNamespace: 'default',
    sandboxUid: 'b7e3c9d0-uid',
  });
});

t.test('criContainerInfo: absent or empty annotations are null', async (t) => {
  const none = {
    sandboxId: null,
    containerType: null,
    containerName: null,
    imageName: null,
    sandboxName: null,
    sandboxNamespace: null,
    sandboxUid: null,
  };
  t.same(criContainerInfo({}), none);
  t.same(criContainerInfo({ [SANDBOX_ID_ANNOTATION]: '', [CONTAINER_TYPE_ANNOTATION]: '' }), none);
  t.same(criContainerInfo({ [CONTAINER_TYPE_ANNOTATION]: 'sandbox' }).containerType, 'sandbox');
});

t.test('criContainerInfo: an unknown container type names the annotation', async (t) => {
  const error = invalidArgument(() => criContainerInfo({ [CONTAINER_TYPE_ANNOTATION]: 'pod' }));
  t.equal(error.field, 'bundle/config.json.annotations["io.kubernetes.cri.container-type"]');
  t.match(error.message, 'must be "sandbox" or "container", got "pod"');
  const custom = invalidArgument(() =>
    criContainerInfo({ [CONTAINER_TYPE_ANNOTATION]: 'x' }, 'tasks[0].spec.annotations'),
  );
  t.equal(custom.field, 'tasks[0].spec.annotations["io.kubernetes.cri.container-type"]');
});

t.test('resolveSandboxId', async (t) => {
  t.test('the annotation comes first', async (t) => {
    t.equal(resolveSandboxId({ annotations: criAnnotations, sandboxIdFile: null }), 'f3c1a2b4');
  });
  t.test('then the bundle’s sandbox file', async (t) => {
    t.equal(resolveSandboxId({ annotations: {}, sandboxIdFile: 'pod-from-file' }), 'pod-from-file');
    t.equal(
      resolveSandboxId({ annotations: { [SANDBOX_ID_ANNOTATION]: '' }, sandboxIdFile: 'pod-from-file' }),
      'pod-from-file',
    );
  });
  t.test('both present and equal', async (t) => {
    t.equal(resolveSandboxId({ annotations: criAnnotations, sandboxIdFile: 'f3c1a2b4' }), 'f3c1a2b4');
  });
  t.test('an unknown container type does not get in the way', async (t) => {
    const annotations = { [SANDBOX_ID_ANNOTATION]: 'p', [CONTAINER_TYPE_ANNOTATION]: 'other' };
    t.equal(resolveSandboxId({ annotations, sandboxIdFile: null }), 'p');
  });
  t.test('neither', async (t) => {
    const error = invalidArgument(() => resolveSandboxId({ annotations: {}, sandboxIdFile: null }));
    t.equal(error.field, 'bundle');
    t.equal(
      error.message,
      'bundle: cannot tell which sandbox the task belongs to: no io.kubernetes.cri.sandbox-id annotation ' +
        'in config.json and no <bundle>/sandbox file',
    );
  });
  t.test('both present and different', async (t) => {
    const error = invalidArgument(() =>
      resolveSandboxId({ annotations: criAnnotations, sandboxIdFile: 'other-pod' }),
    );
    t.equal(error.field, 'bundle');
    t.equal(
      error.message,
      'bundle: the io.kubernetes.cri.sandbox-id annotation in config.json names sandbox "f3c1a2b4" but ' +
        '<bundle>/sandbox names "other-pod"',
    );
  });
  t.test('an explicit id wins but must agree', async (t) => {
    t.equal(resolveSandboxId({ annotations: {}, sandboxIdFile: null, explicit: 'kuasar-pod' }), 'kuasar-pod');
    t.equal(
      resolveSandboxId({ annotations: criAnnotations, sandboxIdFile: 'f3c1a2b4', explicit: 'f3c1a2b4' }),
      'f3c1a2b4',
    );
    t.equal(
      resolveSandboxId({ annotations: criAnnotations, sandboxIdFile: null, explicit: null }),
      'f3c1a2b4',
    );
    const error = invalidArgument(() =>
      resolveSandboxId({ annotations: {}, sandboxIdFile: 'file-pod', explicit: 'kuasar-pod' }),
    );
    t.match(error.message, 'the request names sandbox "kuasar-pod" but <bundle>/sandbox names "file-pod"');
  });
});
