import t from 'tap';
import {
  authorityOf,
  debugListenOption,
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

t.test('the command-line option', async (t) => {
  t.same(debugListenOption(undefined, false), { ok: true });
  t.same(debugListenOption('127.0.0.1:1', false), { ok: true, debugListen: '127.0.0.1:1' });
  t.match(debugListenOption('192.168.1.5:1', false), { ok: false, detail: /not a loopback address/ });
  t.same(debugListenOption('192.168.1.5:1', true), { ok: true, debugListen: '192.168.1.5:1' });
  t.match(debugListenOption(undefined, true), { ok: false, detail: /needs --debug-listen/ });
});
