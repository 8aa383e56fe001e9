import t from 'tap';
import {
  authorityOf,
  hostnameOf,
  listenOption,
  isLoopbackHost,
  parseListenAddress,
} from '../../src/debug/listen-address.js';

t.test('loopback hosts', async (t) => {
  for (const host of [
    '127.0.0.1',
    '127.9.8.7',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    'localhost',
    'LocalHost',
  ]) {
    t.ok(isLoopbackHost(host), host);
  }
  for (const host of [
    '0.0.0.0',
    '::',
    '10.1.2.3',
    '::ffff:10.1.2.3',
    '128.0.0.1',
    'example.com',
    'localhost.evil',
    '',
  ]) {
    t.notOk(isLoopbackHost(host), host);
  }
});

t.test('host:port and [ipv6]:port', async (t) => {
  t.same(parseListenAddress('127.0.0.1:9400'), { ok: true, address: { host: '127.0.0.1', port: 9400 } });
  t.same(parseListenAddress('[::1]:0'), { ok: true, address: { host: '::1', port: 0 } });
  t.equal(authorityOf({ host: '::1', port: 80 }), '[::1]:80');
  for (const bad of ['127.0.0.1', ':9400', '::1:9400', '127.0.0.1:', '127.0.0.1:x', '[nope]:1', 'a:1:2']) {
    t.equal(parseListenAddress(bad).ok, false, bad);
  }
  t.same(parseListenAddress('127.0.0.1:65536'), { ok: false, detail: 'has port 65536, above 65535' });
});

t.test('the command-line option, named by its flag', async (t) => {
  for (const flag of ['--debug-listen', '--metrics-listen']) {
    t.same(listenOption(flag, undefined, false), { ok: true });
    t.same(listenOption(flag, '127.0.0.1:1', false), { ok: true, listen: '127.0.0.1:1' });
    t.same(listenOption(flag, '[::1]:1', false), { ok: true, listen: '[::1]:1' });
    t.match(listenOption(flag, '192.168.1.5:1', false), {
      ok: false,
      detail: new RegExp(`^${flag} '192.168.1.5:1' is not a loopback address; .* add ${flag}-any`),
    });
    t.same(listenOption(flag, '192.168.1.5:1', true), { ok: true, listen: '192.168.1.5:1' });
    t.match(listenOption(flag, undefined, true), { ok: false, detail: `${flag}-any needs ${flag}` });
    t.match(listenOption(flag, '9400', false), {
      ok: false,
      detail: new RegExp(`^${flag} must be host:port`),
    });
  }
});

t.test('the host name of a Host header', async (t) => {
  t.equal(hostnameOf(undefined), '');
  t.equal(hostnameOf('127.0.0.1:9400'), '127.0.0.1');
  t.equal(hostnameOf('localhost'), 'localhost');
  t.equal(hostnameOf('[::1]:9400'), '::1');
  t.equal(hostnameOf('evil.example:80'), 'evil.example');
});
