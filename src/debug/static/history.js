// The usage history panel (docs/history.md): node totals over time against allocatable, and a CPU and a memory
// sparkline per pod. Filled from /api/history once, then from /api/history?since=<last time> after each
// `history` event of the stream: the samples a pass added, never the whole history again.
import { formatBytes, formatMillicores } from './units.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** More pods than this are counted, not drawn: a page of 10k sparklines helps nobody. */
const MAX_PODS_DRAWN = 100;
const SPARK = { width: 160, height: 26 };
const CHART = { width: 420, height: 110 };

const state = { length: 0, resolutionMs: 0, times: [], pods: new Map(), node: null, allocatable: null };
let fetching = null;
/** A pass ended while a fetch was under way: fetch again after it. */
let again = false;

const panel = document.getElementById('history');
const podsEl = document.querySelector('#history-pods tbody');
const shownEl = document.getElementById('history-shown');
const spanEl = document.getElementById('history-span');

/** Each pod's series on the panel's times: null before it was first sampled. */
function aligned(series, times) {
  const values = new Array(times).fill(null);
  series.cpuMillicores.forEach((value, index) => (values[series.first + index] = value));
  const memory = new Array(times).fill(null);
  series.memoryWorkingSetBytes.forEach((value, index) => (memory[series.first + index] = value));
  return { cpu: values, memory };
}

function merge(answer) {
  const before = state.times.length;
  const added = answer.timesMs.length;
  state.length = answer.length;
  state.resolutionMs = answer.resolutionMs;
  state.allocatable = answer.allocatable;
  state.times.push(...answer.timesMs);
  const live = new Map();
  for (const pod of answer.pods) {
    const known = state.pods.get(pod.sandboxId);
    const fresh = aligned(pod.usage, added);
    const pad = new Array(before).fill(null);
    live.set(pod.sandboxId, {
      sandboxId: pod.sandboxId,
      name: pod.name,
      namespace: pod.namespace,
      state: pod.state,
      cpu: [...(known?.cpu ?? pad), ...fresh.cpu],
      memory: [...(known?.memory ?? pad), ...fresh.memory],
    });
  }
  state.pods = live;
  const node = state.node ?? Object.fromEntries(Object.keys(answer.node).map((key) => [key, []]));
  for (const [key, values] of Object.entries(answer.node)) node[key].push(...values);
  state.node = node;
  // Hold what the daemon holds: its last `length` passes.
  const drop = Math.max(0, state.times.length - state.length);
  if (drop > 0) {
    state.times.splice(0, drop);
    for (const pod of state.pods.values()) {
      pod.cpu.splice(0, drop);
      pod.memory.splice(0, drop);
    }
    for (const values of Object.values(state.node)) values.splice(0, drop);
  }
}

/** Fetches what is newer than the last time held (everything the first time); one fetch at a time. */
export function refreshHistory() {
  if (fetching) {
    again = true;
    return fetching;
  }
  const since = state.times.at(-1);
  fetching = fetch(since === undefined ? '/api/history' : `/api/history?since=${since}`)
    .then(async (response) => {
      if (response.status === 404) return panel.classList.add('off');
      if (!response.ok) return;
      merge(await response.json());
      render();
    })
    .catch(() => {
      // The event stream reports the connection; the next pass retries.
    })
    .finally(() => {
      fetching = null;
      if (again) {
        again = false;
        void refreshHistory();
      }
    });
  return fetching;
}

/** After a reconnect the daemon may have restarted: start over. */
export function resetHistory() {
  state.times = [];
  state.pods = new Map();
  state.node = null;
}

function svg(tag, attributes) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** A polyline of `values` (nulls skipped) in a box, 0 at the bottom, `scale` at the top. */
function line(values, scale, { width, height }, className) {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values
    .map((value, index) =>
      value === null
        ? null
        : `${(index * step).toFixed(1)},${(height - (Math.min(value, scale) / scale) * (height - 2) - 1).toFixed(1)}`,
    )
    .filter((point) => point !== null);
  if (points.length === 1) points.push(points[0].replace(/^[^,]+/, String(width)));
  return svg('polyline', { class: className, points: points.join(' ') });
}

function sparkline(values, format, className) {
  const sampled = values.filter((value) => value !== null);
  const highest = Math.max(0, ...sampled);
  const box = svg('svg', {
    class: `spark ${className}`,
    width: SPARK.width,
    height: SPARK.height,
    viewBox: `0 0 ${SPARK.width} ${SPARK.height}`,
  });
  const title = svg('title', {});
  title.textContent = `highest ${format(highest)}`;
  box.append(title, line(values, highest || 1, SPARK, 'value'));
  const cell = document.createElement('td');
  cell.className = className;
  const now = document.createElement('span');
  now.className = 'now';
  now.textContent = sampled.length === 0 ? '–' : format(sampled.at(-1));
  cell.append(box, now);
  return cell;
}

function podRow(pod) {
  const row = document.createElement('tr');
  row.dataset.sandboxId = pod.sandboxId;
  const name = document.createElement('td');
  name.className = 'pod';
  name.textContent = pod.name ? `${pod.namespace}/${pod.name}` : pod.sandboxId;
  name.title = pod.sandboxId;
  const state_ = document.createElement('td');
  state_.className = 'state';
  state_.textContent = pod.state;
  row.append(
    name,
    state_,
    sparkline(pod.cpu, formatMillicores, 'cpu'),
    sparkline(pod.memory, formatBytes, 'memory'),
  );
  return row;
}

/** Used, requests and limits over time, allocatable as a dashed line, on one scale. */
function nodeChart(id, series, allocatable, format) {
  const figure = document.getElementById(id);
  const scale = Math.max(allocatable, ...series.flatMap(([, values]) => values), 1);
  const box = svg('svg', {
    width: CHART.width,
    height: CHART.height,
    viewBox: `0 0 ${CHART.width} ${CHART.height}`,
  });
  const level = CHART.height - (allocatable / scale) * (CHART.height - 2) - 1;
  box.append(svg('line', { class: 'allocatable', x1: 0, x2: CHART.width, y1: level, y2: level }));
  for (const [name, values] of series) box.append(line(values, scale, CHART, name));
  figure.querySelector('svg')?.remove();
  figure.querySelector('figcaption').after(box);
  const legend = series.map(([name, values]) => {
    const now = values.at(-1);
    return `${name} ${now === undefined ? '–' : format(now)}`;
  });
  figure.querySelector('.legend').textContent = `${legend.join(' · ')} · allocatable ${format(allocatable)}`;
}

function render() {
  const { node, allocatable, times } = state;
  const minutes = (times.length * state.resolutionMs) / 60_000;
  spanEl.textContent = `${times.length} samples every ${state.resolutionMs / 1000} s (${minutes.toFixed(1)} min)`;
  if (node) {
    nodeChart(
      'history-cpu',
      [
        ['used', node.cpuUsedMillicores],
        ['requests', node.cpuRequestsMillis],
        ['limits', node.cpuLimitsMillis],
      ],
      allocatable.cpu,
      formatMillicores,
    );
    nodeChart(
      'history-memory',
      [
        ['used', node.memoryUsedBytes],
        ['requests', node.memoryRequestsBytes],
        ['limits', node.memoryLimitsBytes],
      ],
      allocatable.memory,
      formatBytes,
    );
    nodeChart('history-pods-count', [['pods', node.pods]], allocatable.pods, String);
  }
  const pods = [...state.pods.values()].sort(
    (a, b) =>
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name) ||
      a.sandboxId.localeCompare(b.sandboxId),
  );
  podsEl.replaceChildren(...pods.slice(0, MAX_PODS_DRAWN).map(podRow));
  shownEl.textContent = `${Math.min(pods.length, MAX_PODS_DRAWN)} of ${pods.length} pods drawn`;
}
