import t from 'tap';
import { diffKuasarTasks, type KuasarTask, type TaskDiff } from '../../machines/supervisor/kuasar-diff.js';
import { parseKuasarTasks } from '../../src/containers/kuasar-tasks.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

const FIELD = 'sandbox.extensions["tasks"]';
const utf8 = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function invalidArgument(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

const containerSpec = {
  ociVersion: '1.1.0',
  process: { args: ['nginx'], cwd: '/' },
  linux: { resources: { cpu: { quota: 50000, period: 100000 }, memory: { limit: 104857600 } } },
};

/** Shaped like what kuasar-io/containerd's fork sends (rust-extensions `data.rs`). */
const fullExample = {
  tasks: [
    {
      task_id: 'c1',
      spec: containerSpec,
      rootfs: [
        {
          destination: '/',
          type: 'overlay',
          source: 'overlay',
          options: ['lowerdir=/l', 'upperdir=/u', 'workdir=/w'],
        },
      ],
      stdin: '',
      stdout: '/run/containerd/fifo/c1-stdout',
      stderr: '/run/containerd/fifo/c1-stderr',
      processes: [
        {
          exec_id: 'exec-1',
          spec: { args: ['sh'], cwd: '/' },
          stdin: '/fifo/in',
          stdout: '/fifo/out',
          stderr: '/fifo/err',
        },
      ],
      unknown_member: 'ignored like serde does',
    },
    { task_id: 'c2' },
  ],
};

t.test('parse a full example', async (t) => {
  const tasks = parseKuasarTasks(utf8(fullExample));
  t.same(tasks, [
    {
      taskId: 'c1',
      spec: containerSpec,
      rootfs: [
        {
          destination: '/',
          type: 'overlay',
          source: 'overlay',
          options: ['lowerdir=/l', 'upperdir=/u', 'workdir=/w'],
        },
      ],
      stdin: '',
      stdout: '/run/containerd/fifo/c1-stdout',
      stderr: '/run/containerd/fifo/c1-stderr',
      processes: [
        {
          execId: 'exec-1',
          spec: { args: ['sh'], cwd: '/' },
          stdin: '/fifo/in',
          stdout: '/fifo/out',
          stderr: '/fifo/err',
        },
      ],
    },
    { taskId: 'c2', spec: null, rootfs: [], stdin: '', stdout: '', stderr: '', processes: [] },
  ]);
});

t.test('every member is optional; null reads as absent', async (t) => {
  t.same(parseKuasarTasks(utf8('{}')), []);
  t.same(parseKuasarTasks(utf8('{"tasks":[]}')), []);
  t.same(parseKuasarTasks(utf8('{"tasks":null}')), []);
  t.same(parseKuasarTasks(utf8({ tasks: [{ task_id: 'a', spec: null, processes: [{ exec_id: 'e' }] }] })), [
    {
      taskId: 'a',
      spec: null,
      rootfs: [],
      stdin: '',
      stdout: '',
      stderr: '',
      processes: [{ execId: 'e', spec: null, stdin: '', stdout: '', stderr: '' }],
    },
  ]);
  t.same(parseKuasarTasks(utf8({ tasks: [{ task_id: 'a', rootfs: [{}] }] }))[0]?.rootfs, [
    { destination: '', type: '', source: '', options: [] },
  ]);
});

t.test('the field prefix can be chosen', async (t) => {
  const error = invalidArgument(() => parseKuasarTasks(utf8({ tasks: [{}] }), 'extensions.tasks'));
  t.equal(error.field, 'extensions.tasks.tasks[0].task_id');
});

t.test('malformed input names the exact field', async (t) => {
  const cases: Array<{ name: string; bytes: Uint8Array; field: string; message: string | RegExp }> = [
    {
      name: 'bad UTF-8',
      bytes: new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]),
      field: FIELD,
      message: 'not valid UTF-8',
    },
    { name: 'bad JSON', bytes: utf8('{"tasks":['), field: FIELD, message: /invalid JSON: / },
    { name: 'empty bytes', bytes: utf8(''), field: FIELD, message: /invalid JSON: / },
    { name: 'JSON null', bytes: utf8('null'), field: FIELD, message: 'expected an object, got null' },
    { name: 'JSON array', bytes: utf8('[]'), field: FIELD, message: 'expected an object, got an array' },
    {
      name: 'tasks not an array',
      bytes: utf8({ tasks: {} }),
      field: `${FIELD}.tasks`,
      message: 'expected an array, got an object',
    },
    {
      name: 'a task that is not an object',
      bytes: utf8({ tasks: [{ task_id: 'a' }, 'b'] }),
      field: `${FIELD}.tasks[1]`,
      message: 'expected an object',
    },
    {
      name: 'a task without task_id',
      bytes: utf8({ tasks: [{ task_id: 'a' }, { spec: {} }] }),
      field: `${FIELD}.tasks[1].task_id`,
      message: 'is required',
    },
    {
      name: 'an empty task_id',
      bytes: utf8({ tasks: [{ task_id: '' }] }),
      field: `${FIELD}.tasks[0].task_id`,
      message: 'is required',
    },
    {
      name: 'a numeric task_id',
      bytes: utf8({ tasks: [{ task_id: 7 }] }),
      field: `${FIELD}.tasks[0].task_id`,
      message: 'expected a string, got number 7',
    },
    {
      name: 'a task_id that is not an identifier',
      bytes: utf8({ tasks: [{ task_id: '../etc' }] }),
      field: `${FIELD}.tasks[0].task_id`,
      message: 'is not a valid identifier',
    },
    {
      name: 'a task_id longer than 76 characters',
      bytes: utf8({ tasks: [{ task_id: 'a'.repeat(77) }] }),
      field: `${FIELD}.tasks[0].task_id`,
      message: 'is 77 characters; at most 76 are allowed',
    },
    {
      name: 'a duplicate task_id',
      bytes: utf8({ tasks: [{ task_id: 'a' }, { task_id: 'b' }, { task_id: 'a' }] }),
      field: `${FIELD}.tasks[2].task_id`,
      message: 'duplicate task_id "a" (already at index 0)',
    },
    {
      name: 'a spec that is not an object',
      bytes: utf8({ tasks: [{ task_id: 'a', spec: 'x' }] }),
      field: `${FIELD}.tasks[0].spec`,
      message: 'expected an object, got string "x"',
    },
    {
      name: 'stdout not a string',
      bytes: utf8({ tasks: [{ task_id: 'a', stdout: 1 }] }),
      field: `${FIELD}.tasks[0].stdout`,
      message: 'expected a string',
    },
    {
      name: 'rootfs not an array',
      bytes: utf8({ tasks: [{ task_id: 'a', rootfs: {} }] }),
      field: `${FIELD}.tasks[0].rootfs`,
      message: 'expected an array',
    },
    {
      name: 'a mount type that is not a string',
      bytes: utf8({ tasks: [{ task_id: 'a', rootfs: [{ type: false }] }] }),
      field: `${FIELD}.tasks[0].rootfs[0].type`,
      message: 'expected a string, got boolean false',
    },
    {
      name: 'a mount option that is not a string',
      bytes: utf8({ tasks: [{ task_id: 'a', rootfs: [{ options: ['ro', 3] }] }] }),
      field: `${FIELD}.tasks[0].rootfs[0].options[1]`,
      message: 'expected a string',
    },
    {
      name: 'processes not an array',
      bytes: utf8({ tasks: [{ task_id: 'a', processes: 'e' }] }),
      field: `${FIELD}.tasks[0].processes`,
      message: 'expected an array',
    },
    {
      name: 'a process without exec_id',
      bytes: utf8({ tasks: [{ task_id: 'a' }, { task_id: 'b', processes: [{ exec_id: 'e' }, {}] }] }),
      field: `${FIELD}.tasks[1].processes[1].exec_id`,
      message: 'is required',
    },
    {
      name: 'an exec_id that is not an identifier',
      bytes: utf8({ tasks: [{ task_id: 'a', processes: [{ exec_id: 'e 1' }] }] }),
      field: `${FIELD}.tasks[0].processes[0].exec_id`,
      message: 'is not a valid identifier',
    },
    {
      name: 'a duplicate exec_id in one task',
      bytes: utf8({ tasks: [{ task_id: 'a', processes: [{ exec_id: 'e' }, { exec_id: 'e' }] }] }),
      field: `${FIELD}.tasks[0].processes[1].exec_id`,
      message: 'duplicate exec_id "e" (already at index 0)',
    },
    {
      name: 'a process spec that is not an object',
      bytes: utf8({ tasks: [{ task_id: 'a', processes: [{ exec_id: 'e', spec: [] }] }] }),
      field: `${FIELD}.tasks[0].processes[0].spec`,
      message: 'expected an object, got an array',
    },
    {
      name: 'a process stderr that is not a string',
      bytes: utf8({ tasks: [{ task_id: 'a', processes: [{ exec_id: 'e', stderr: {} }] }] }),
      field: `${FIELD}.tasks[0].processes[0].stderr`,
      message: 'expected a string',
    },
  ];
  for (const { name, bytes, field, message } of cases) {
    const error = invalidArgument(() => parseKuasarTasks(bytes));
    t.equal(error.field, field, `${name}: field`);
    t.match(error.message, message, `${name}: message`);
    t.ok(error.message.startsWith(`${field}: `), `${name}: message starts with the field`);
  }
});

t.test('the same exec_id in two tasks is fine', async (t) => {
  const tasks = parseKuasarTasks(
    utf8({
      tasks: [
        { task_id: 'a', processes: [{ exec_id: 'e' }] },
        { task_id: 'b', processes: [{ exec_id: 'e' }] },
      ],
    }),
  );
  t.equal(tasks.length, 2);
});

/** Applies a diff to a current list, as the daemon would, to check the diff reaches `desired`. */
function apply(current: Array<{ taskId: string; execIds: string[] }>, diff: TaskDiff) {
  const next = current
    .filter((task) => !diff.removeTaskIds.includes(task.taskId))
    .map((task) => ({
      taskId: task.taskId,
      execIds: [
        ...task.execIds.filter(
          (execId) => !diff.removeProcesses.some((r) => r.taskId === task.taskId && r.execId === execId),
        ),
        ...diff.addProcesses.filter((a) => a.taskId === task.taskId).map((a) => a.process.execId),
      ],
    }));
  for (const task of diff.addTasks) {
    next.push({ taskId: task.taskId, execIds: task.processes.map((process) => process.execId) });
  }
  return next;
}

const current = (tasks: KuasarTask[]) =>
  tasks.map((task) => ({ taskId: task.taskId, execIds: task.processes.map((process) => process.execId) }));

t.test('diff flow: append two, update one’s processes (add one, remove one), remove one', async (t) => {
  const step1 = parseKuasarTasks(utf8({ tasks: [{ task_id: 'c0', spec: containerSpec }] }));
  const diff1 = diffKuasarTasks([], step1);
  t.same(diff1, { addTasks: step1, removeTaskIds: [], addProcesses: [], removeProcesses: [] });
  let state = apply([], diff1);

  const step2 = parseKuasarTasks(
    utf8({
      tasks: [
        { task_id: 'c0', spec: containerSpec },
        { task_id: 'c1', spec: containerSpec, processes: [{ exec_id: 'e1' }] },
        { task_id: 'c2', spec: containerSpec },
      ],
    }),
  );
  const diff2 = diffKuasarTasks(state, step2);
  t.same(
    diff2.addTasks.map((task) => task.taskId),
    ['c1', 'c2'],
    'appends two',
  );
  t.same(diff2.addProcesses, [], 'processes of new tasks come with the task');
  t.same(
    diff2.addTasks[0]?.processes.map((process) => process.execId),
    ['e1'],
  );
  t.same([diff2.removeTaskIds, diff2.removeProcesses], [[], []]);
  state = apply(state, diff2);
  t.same(state, current(step2));

  const step3 = parseKuasarTasks(
    utf8({
      tasks: [
        { task_id: 'c0', spec: containerSpec },
        { task_id: 'c1', spec: containerSpec, processes: [{ exec_id: 'e2', spec: { args: ['top'] } }] },
        { task_id: 'c2', spec: containerSpec },
      ],
    }),
  );
  const diff3 = diffKuasarTasks(state, step3);
  t.same(diff3.addTasks, []);
  t.same(diff3.removeTaskIds, []);
  t.same(
    diff3.addProcesses,
    [
      {
        taskId: 'c1',
        process: { execId: 'e2', spec: { args: ['top'] }, stdin: '', stdout: '', stderr: '' },
      },
    ],
    'adds one process',
  );
  t.same(diff3.removeProcesses, [{ taskId: 'c1', execId: 'e1' }], 'removes one process');
  state = apply(state, diff3);
  t.same(state, current(step3));

  const step4 = parseKuasarTasks(utf8({ tasks: [{ task_id: 'c0' }, { task_id: 'c2' }] }));
  const diff4 = diffKuasarTasks(state, step4);
  t.same(
    diff4,
    { addTasks: [], removeTaskIds: ['c1'], addProcesses: [], removeProcesses: [] },
    'removes one',
  );
  state = apply(state, diff4);
  t.same(state, current(step4));

  t.same(
    diffKuasarTasks(state, step4),
    { addTasks: [], removeTaskIds: [], addProcesses: [], removeProcesses: [] },
    'the same list again changes nothing',
  );
});

t.test('diff: an empty list removes every task, without listing their processes', async (t) => {
  const diff = diffKuasarTasks(
    [
      { taskId: 'a', execIds: ['e1', 'e2'] },
      { taskId: 'b', execIds: [] },
    ],
    [],
  );
  t.same(diff, { addTasks: [], removeTaskIds: ['a', 'b'], addProcesses: [], removeProcesses: [] });
});
