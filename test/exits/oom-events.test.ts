import t from 'tap';
import { TaskOOM } from '../../src/generated/containerd/events/task.js';
import { PublishRequest } from '../../src/generated/containerd/services/events/v1/events.js';
import { OOM_TOPIC, TASK_OOM_TYPE_URL, taskOomRequest } from '../../src/exits/oom-events.js';
import { containerdNamespaceOf } from '../../src/sandbox/record.js';

t.test('the Publish request: topic /tasks/oom, a TaskOOM as containerd typeurl names it', async (t) => {
  const decoded = PublishRequest.decode(PublishRequest.encode(taskOomRequest('c-1')).finish());
  t.equal(decoded.topic, '/tasks/oom');
  t.equal(OOM_TOPIC, '/tasks/oom');
  t.equal(decoded.event?.typeUrl, 'containerd.events.TaskOOM');
  t.equal(TASK_OOM_TYPE_URL, 'containerd.events.TaskOOM');
  t.same(TaskOOM.decode(decoded.event?.value ?? new Uint8Array()), { containerId: 'c-1' });
});

t.test(
  "the Create call's containerd-namespace header is kept only if containerd could have sent it",
  async (t) => {
    t.equal(containerdNamespaceOf('k8s.io'), 'k8s.io');
    t.equal(containerdNamespaceOf(Buffer.from('default')), 'default');
    for (const bad of [undefined, '', 'k8s io', '.hidden', 'a/b', 'x'.repeat(77)])
      t.equal(containerdNamespaceOf(bad), null, JSON.stringify(bad));
  },
);
