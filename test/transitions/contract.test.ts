import t from 'tap';
import { containerModel, execModel, sandboxModel, type MachineModel } from '../../src/transitions/models.js';
import { cellAt, deriveTable, outcomeLabel } from '../../src/transitions/table.js';

/**
 * What containerd's contract (/work/shared/spec/containerd-contract.md, sections 0, A3-A6, B3) needs from each
 * machine, written by hand and kept short. The derived tables must agree.
 */
const NEEDS: Array<{ model: MachineModel; state: string; call: string; expected: string; why: string }> = [
  {
    model: sandboxModel,
    state: 'created',
    call: 'Start',
    expected: 'running',
    why: 'RunPodSandbox: Create then Start',
  },
  {
    model: sandboxModel,
    state: 'running',
    call: 'Start',
    expected: 'rejected',
    why: 'Start only from created',
  },
  {
    model: sandboxModel,
    state: 'stopped',
    call: 'Start',
    expected: 'rejected',
    why: 'Start only from created',
  },
  { model: sandboxModel, state: 'running', call: 'Stop', expected: 'stopped', why: 'A5 stopp' },
  {
    model: sandboxModel,
    state: 'stopped',
    call: 'Stop',
    expected: 'stopped',
    why: 'A5: Stop is repeated, idempotent',
  },
  {
    model: sandboxModel,
    state: 'created',
    call: 'Shutdown',
    expected: 'deleted (via stopped)',
    why: 'A2.6 rollback',
  },
  {
    model: sandboxModel,
    state: 'running',
    call: 'Shutdown',
    expected: 'deleted (via stopped)',
    why: 'A3: Wait answered',
  },
  { model: sandboxModel, state: 'stopped', call: 'Shutdown', expected: 'deleted', why: 'A6 rmp' },
  { model: containerModel, state: 'created', call: 'Start', expected: 'running', why: 'B3 start' },
  {
    model: containerModel,
    state: 'running',
    call: 'Start',
    expected: 'rejected',
    why: 'Start only from created',
  },
  {
    model: containerModel,
    state: 'stopped',
    call: 'Start',
    expected: 'rejected',
    why: 'Start only from created',
  },
  {
    model: containerModel,
    state: 'running',
    call: 'Kill',
    expected: 'stopped',
    why: 'B3 stop: Kill releases Wait',
  },
  { model: containerModel, state: 'paused', call: 'Kill', expected: 'stopped', why: 'B3 stop' },
  {
    model: containerModel,
    state: 'stopped',
    call: 'Kill',
    expected: 'rejected',
    why: 'answered NOT_FOUND, tolerated',
  },
  {
    model: containerModel,
    state: 'created',
    call: 'Delete',
    expected: 'deleted',
    why: 'Delete from created',
  },
  {
    model: containerModel,
    state: 'stopped',
    call: 'Delete',
    expected: 'deleted',
    why: 'B3: Delete after stop',
  },
  {
    model: containerModel,
    state: 'running',
    call: 'Delete',
    expected: 'rejected',
    why: 'Delete only from created/stopped',
  },
  {
    model: containerModel,
    state: 'paused',
    call: 'Delete',
    expected: 'rejected',
    why: 'Delete only from created/stopped',
  },
  {
    model: containerModel,
    state: 'running',
    call: 'sandbox Stop',
    expected: 'stopped',
    why: 'containers stop with the pod',
  },
  { model: containerModel, state: 'running', call: 'Update', expected: 'running', why: 'B3 update' },
  { model: execModel, state: 'running', call: 'Kill', expected: 'stopped', why: 'exec Kill' },
  {
    model: execModel,
    state: 'running',
    call: 'Delete',
    expected: 'rejected',
    why: 'Delete only from created/stopped',
  },
];

for (const need of NEEDS) {
  t.test(`${need.model.name}: ${need.state} + ${need.call} -> ${need.expected} (${need.why})`, async (t) => {
    t.equal(outcomeLabel(cellAt(deriveTable(need.model), need.state, need.call).outcome), need.expected);
  });
}
