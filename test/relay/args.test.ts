import t from 'tap';
import { parseRelayArgs, relayArgv, type RelayOptions } from '../../src/relay/args.js';

const options: RelayOptions = {
  listen: '/var/lib/rs/task.sock',
  upstream: '/var/lib/rs/task-daemon.sock',
  infoFile: '/var/lib/rs/task-relay.json',
  graceMs: 300_000,
  socketGroup: 'containerd',
  logLevel: 'debug',
  logFormat: 'pretty',
};

t.test('the daemon writes what the relay reads back', async (t) => {
  t.same(parseRelayArgs(relayArgv(options)), { kind: 'run', options });
  const noGroup = { ...options, socketGroup: null };
  t.same(parseRelayArgs(relayArgv(noGroup)), { kind: 'run', options: noGroup });
});

t.test('bad arguments are one-line errors naming the flag', async (t) => {
  const argv = relayArgv(options);
  const replaced = (flag: string, value: string) => {
    const copy = [...argv];
    copy[copy.indexOf(flag) + 1] = value;
    return copy;
  };
  const cases: [string[], RegExp][] = [
    [replaced('--listen', 'task.sock'), /--listen must be an absolute path/],
    [replaced('--upstream', ''), /--upstream must be an absolute path/],
    [replaced('--info-file', 'x.json'), /--info-file must be an absolute path/],
    [replaced('--grace-ms', '5s'), /--grace-ms must be a whole number of milliseconds/],
    [replaced('--log-level', 'loud'), /--log-level must be one of .*, got 'loud'$/],
    [replaced('--log-format', 'xml'), /--log-format must be one of json\|pretty, got 'xml'$/],
    [[...argv, '--bogus'], /^resource-slot-task-relay: Unknown option '--bogus'/],
  ];
  for (const [bad, message] of cases) {
    const parsed = parseRelayArgs(bad);
    t.equal(parsed.kind, 'error', JSON.stringify(bad));
    if (parsed.kind === 'error') t.match(parsed.message, message);
  }
});
