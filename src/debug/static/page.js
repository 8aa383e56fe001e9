// The live debug page. One EventSource on /api/events (snapshots of the actors and the newest calls, then every
// transition and every call); no polling. Served by the daemon as is: no build step, nothing fetched from anywhere
// else.
import { refreshHistory, resetHistory } from './history.js';
import { formatResource } from './units.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const KIND_ORDER = ['sandbox', 'container', 'exec'];
const MAX_ROWS = 500;
const MAX_LOG_LINES = 200;
const MAX_CALL_ROWS = 200;
/** Transitions kept to replay on top of a snapshot that was taken before they arrived. */
const MAX_REPLAY = 5000;
const REFRESH_DELAY_MS = 300;

const actors = new Map();
const recent = [];
const changed = new Set();
let renderQueued = false;
let refreshTimer = null;

const statusEl = document.getElementById('status');
const filterEl = document.getElementById('filter');
const tbody = document.querySelector('#actors tbody');
const shownEl = document.getElementById('shown');
const logEl = document.getElementById('log');
const callsEl = document.querySelector('#calls tbody');
const callsShownEl = document.getElementById('calls-shown');
/** The newest call shown: a `call` event at or below it is already in the list. */
let lastCallSeq = 0;
const badges = addBadges();

const keyOf = (kind, parent, id) => `${kind}/${parent ?? ''}/${id}`;

function applySnapshot(snapshot) {
  actors.clear();
  for (const actor of snapshot.actors) actors.set(keyOf(actor.kind, actor.parent, actor.id), actor);
  for (const transition of recent) if (transition.seq > snapshot.seq) applyTransition(transition);
  queueRender();
}

/** Returns true when the actor was unknown: its resources are not in a transition and must be fetched. */
function applyTransition(transition) {
  const key = keyOf(transition.kind, transition.parent, transition.actorId);
  if (transition.to === 'deleted') {
    actors.delete(key);
    return false;
  }
  changed.add(key);
  const actor = actors.get(key);
  if (actor) {
    actor.state = transition.to;
    actor.since = transition.time;
    return false;
  }
  actors.set(key, {
    id: transition.actorId,
    kind: transition.kind,
    parent: transition.parent,
    state: transition.to,
    since: transition.time,
    resources: undefined,
  });
  return true;
}

function onTransition(transition) {
  recent.push(transition);
  if (recent.length > MAX_REPLAY) recent.shift();
  if (applyTransition(transition)) scheduleRefresh();
  logTransition(transition);
  queueRender();
}

// Not polling: a refresh is made only after new actors appeared, at most one per REFRESH_DELAY_MS.
function scheduleRefresh() {
  if (refreshTimer !== null) return;
  refreshTimer = setTimeout(async () => {
    refreshTimer = null;
    try {
      const response = await fetch('/api/actors');
      if (response.ok) applySnapshot(await response.json());
    } catch {
      // The event stream reports the connection state; the next new actor retries.
    }
  }, REFRESH_DELAY_MS);
}

function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(render);
}

function render() {
  renderQueued = false;
  const counts = new Map();
  const totals = new Map();
  for (const actor of actors.values()) {
    const id = `${actor.kind}-state-${actor.state}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    totals.set(actor.kind, (totals.get(actor.kind) ?? 0) + 1);
  }
  for (const badge of badges) badge.show(counts.get(badge.id) ?? 0);
  for (const total of document.querySelectorAll('.total'))
    total.textContent = String(totals.get(total.dataset.kind) ?? 0);

  const filter = filterEl.value.trim().toLowerCase();
  const rows = [...actors.entries()]
    .filter(
      ([, actor]) =>
        !filter ||
        actor.id.toLowerCase().includes(filter) ||
        (actor.parent ?? '').toLowerCase().includes(filter) ||
        (actor.pod ?? '').toLowerCase().includes(filter),
    )
    .sort(
      ([, a], [, b]) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id),
    );
  tbody.replaceChildren(...rows.slice(0, MAX_ROWS).map(([key, actor]) => rowOf(key, actor)));
  shownEl.textContent = `${Math.min(rows.length, MAX_ROWS)} shown, ${rows.length} match, ${actors.size} live`;
  changed.clear();
}

function rowOf(key, actor) {
  const row = document.createElement('tr');
  row.dataset.id = actor.id;
  row.dataset.kind = actor.kind;
  row.dataset.state = actor.state;
  if (changed.has(key)) row.className = 'changed';
  const state = document.createElement('span');
  state.className = actor.state;
  state.textContent = actor.state;
  const since = new Date(actor.since);
  row.append(
    cell('kind', actor.kind),
    cell('id', actor.id),
    cell('parent', actor.parent ?? ''),
    cell('pod', [actor.pod, actor.name].filter(Boolean).join(' · ')),
    cell('state', state),
    cell('since', since.toLocaleTimeString([], { hour12: false }), since.toISOString()),
    cell('resources', describeResources(actor.resources)),
  );
  return row;
}

function cell(className, content, title) {
  const td = document.createElement('td');
  td.className = className;
  td.append(content);
  if (title) td.title = title;
  return td;
}

function describeResources(resources) {
  if (resources === undefined) return '…';
  if (resources === null || typeof resources !== 'object') return '—';
  const known = Object.entries(resources).filter(([, value]) => value !== null && typeof value !== 'object');
  return known.length === 0
    ? '—'
    : known.map(([name, value]) => `${name}=${formatResource(name, value)}`).join(' ');
}

function logTransition(transition) {
  const item = document.createElement('li');
  const time = new Date(transition.time).toLocaleTimeString([], { hour12: false });
  const arrow =
    transition.method === null && transition.from === null
      ? '-->'
      : `--${transition.method ?? transition.event}-->`;
  item.textContent = `${time} ${transition.kind} ${transition.actorId}: ${transition.from ?? '(new)'} ${arrow} ${transition.to}`;
  logEl.prepend(item);
  while (logEl.childElementCount > MAX_LOG_LINES) logEl.lastElementChild.remove();
}

/** A count bubble on the top-right corner of every state of every diagram. */
function addBadges() {
  return [...document.querySelectorAll('.diagram g.node.state')].map((node) => {
    const box = node.querySelector('path, polygon, ellipse').getBBox();
    const group = document.createElementNS(SVG_NS, 'g');
    const rect = document.createElementNS(SVG_NS, 'rect');
    const text = document.createElementNS(SVG_NS, 'text');
    group.setAttribute('class', 'badge');
    rect.setAttribute('height', '16');
    rect.setAttribute('rx', '8');
    rect.setAttribute('y', String(box.y - 9));
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('y', String(box.y + 3));
    group.append(rect, text);
    // On a layer of their own above everything, or edges drawn after the node would cover them.
    node.ownerSVGElement.querySelector('g.graph').append(group);
    return {
      id: node.id,
      show(count) {
        const width = 10 + 7 * String(count).length;
        const right = box.x + box.width + 4;
        rect.setAttribute('x', String(right - width));
        rect.setAttribute('width', String(width));
        text.setAttribute('x', String(right - width / 2));
        text.textContent = String(count);
        group.classList.toggle('busy', count > 0);
        node.dataset.count = String(count);
      },
    };
  });
}

/** The newest calls, replacing what was shown (on connect and reconnect). */
function applyCalls(snapshot) {
  callsEl.replaceChildren();
  lastCallSeq = 0;
  for (const entry of snapshot.calls) onCall(entry);
  lastCallSeq = Math.max(lastCallSeq, snapshot.lastSeq);
}

function onCall(entry) {
  if (entry.seq <= lastCallSeq) return;
  lastCallSeq = entry.seq;
  callsEl.prepend(callRowOf(entry));
  while (callsEl.childElementCount > MAX_CALL_ROWS) callsEl.lastElementChild.remove();
  callsShownEl.textContent = `the last ${callsEl.childElementCount}, newest first`;
}

function callRowOf(entry) {
  const row = document.createElement('tr');
  row.dataset.seq = String(entry.seq);
  row.dataset.method = `${entry.service}.${entry.method}`;
  row.dataset.code = entry.code;
  row.classList.toggle('failed', entry.code !== 'OK');
  row.classList.toggle('faulted', entry.fault !== '');
  const at = new Date(entry.atMs);
  row.append(
    cell('time', at.toLocaleTimeString([], { hour12: false }), at.toISOString()),
    cell('call', `${entry.service}.${entry.method}`),
    cell('sandbox', entry.sandboxId),
    cell('container', entry.containerId),
    cell('exec', entry.execId),
    cell('code', entry.code),
    cell('duration', `${entry.durationMs.toFixed(1)} ms`),
    cell('fault', entry.fault),
  );
  return row;
}

function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    setStatus('live', 'live');
    resetHistory();
    void refreshHistory();
  });
  events.addEventListener('error', () => setStatus('down', 'disconnected, retrying…'));
  events.addEventListener('actors', (message) => applySnapshot(JSON.parse(message.data)));
  events.addEventListener('transition', (message) => onTransition(JSON.parse(message.data)));
  events.addEventListener('calls', (message) => applyCalls(JSON.parse(message.data)));
  events.addEventListener('call', (message) => onCall(JSON.parse(message.data)));
  events.addEventListener('history', () => void refreshHistory());
}

function setStatus(className, text) {
  statusEl.className = `status ${className}`;
  statusEl.textContent = text;
}

filterEl.addEventListener('input', queueRender);
queueRender();
connect();
