import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { readBundle } from '../../src/containers/bundle.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

const DEFAULT_SPEC = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/reference/fixtures/oci-runc-spec-default.json',
);
const MiB = 1024 * 1024;

async function tempDir(t: Test, name = 'bundle-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `resource-slot-${name}`));
  t.teardown(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function bundleWithConfig(t: Test, configText: string): Promise<string> {
  const dir = await tempDir(t);
  await fs.writeFile(path.join(dir, 'config.json'), configText);
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

t.test('a real-shaped config.json (runc spec default)', async (t) => {
  const dir = await tempDir(t);
  await fs.copyFile(DEFAULT_SPEC, path.join(dir, 'config.json'));
  const bundle = await readBundle(dir);
  t.equal(bundle.spec['ociVersion'], '1.0.2-dev');
  t.same(bundle.spec, JSON.parse(await fs.readFile(DEFAULT_SPEC, 'utf8')));
  t.same(bundle.annotations, {});
  t.equal(bundle.sandboxIdFile, null);
});

t.test('annotations keep string values only', async (t) => {
  const spec = JSON.parse(await fs.readFile(DEFAULT_SPEC, 'utf8')) as Record<string, unknown>;
  spec['annotations'] = { 'io.kubernetes.cri.sandbox-id': 'pod-1', weird: 5, nested: { a: 'b' } };
  const bundle = await readBundle(await bundleWithConfig(t, JSON.stringify(spec)));
  t.same(bundle.annotations, { 'io.kubernetes.cri.sandbox-id': 'pod-1' });
});

t.test('annotations that are not an object read as none', async (t) => {
  const bundle = await readBundle(await bundleWithConfig(t, '{"annotations":["x"]}'));
  t.same(bundle.annotations, {});
});

t.test('the sandbox file', async (t) => {
  t.test('is read and trimmed', async (t) => {
    const dir = await bundleWithConfig(t, '{}');
    await fs.writeFile(path.join(dir, 'sandbox'), '  pod-1234\n');
    t.equal((await readBundle(dir)).sandboxIdFile, 'pod-1234');
  });
  t.test('empty reads as absent', async (t) => {
    const dir = await bundleWithConfig(t, '{}');
    await fs.writeFile(path.join(dir, 'sandbox'), '\n');
    t.equal((await readBundle(dir)).sandboxIdFile, null);
  });
  t.test('a symlink is rejected', async (t) => {
    const dir = await bundleWithConfig(t, '{}');
    const outside = await tempDir(t, 'outside-');
    await fs.writeFile(path.join(outside, 'id'), 'pod-1');
    await fs.symlink(path.join(outside, 'id'), path.join(dir, 'sandbox'));
    const error = await rejection(readBundle(dir));
    t.equal(error.field, 'bundle');
    t.equal(error.message, `bundle: ${dir}/sandbox must not be a symlink`);
  });
  t.test('a directory is rejected', async (t) => {
    const dir = await bundleWithConfig(t, '{}');
    await fs.mkdir(path.join(dir, 'sandbox'));
    t.equal((await rejection(readBundle(dir))).message, `bundle: ${dir}/sandbox is not a regular file`);
  });
  t.test('a large one is rejected', async (t) => {
    const dir = await bundleWithConfig(t, '{}');
    await fs.writeFile(path.join(dir, 'sandbox'), 'x'.repeat(5000));
    t.match(
      (await rejection(readBundle(dir))).message,
      /sandbox is 5000 bytes, larger than the limit of 4096/,
    );
  });
});

t.test('missing config.json', async (t) => {
  const dir = await tempDir(t);
  const error = await rejection(readBundle(dir));
  t.equal(error.field, 'bundle');
  t.equal(error.message, `bundle: ${dir}/config.json does not exist`);
});

t.test('missing bundle directory', async (t) => {
  const dir = path.join(await tempDir(t), 'gone');
  t.equal((await rejection(readBundle(dir))).message, `bundle: ${dir}/config.json does not exist`);
});

t.test('bundle that is a file', async (t) => {
  const file = path.join(await tempDir(t), 'file');
  await fs.writeFile(file, '{}');
  t.equal((await rejection(readBundle(file))).message, `bundle: ${file} is not a directory`);
});

t.test('a bundle directory reached through a symlink is fine', async (t) => {
  const dir = await bundleWithConfig(t, '{"ociVersion":"1.3.0"}');
  const link = path.join(await tempDir(t, 'link-'), 'bundle');
  await fs.symlink(dir, link);
  t.equal((await readBundle(link)).spec['ociVersion'], '1.3.0');
});

t.test('config.json symlinked to a file outside the bundle is rejected', async (t) => {
  const dir = await tempDir(t);
  const outside = await tempDir(t, 'outside-');
  await fs.copyFile(DEFAULT_SPEC, path.join(outside, 'config.json'));
  await fs.symlink(path.join(outside, 'config.json'), path.join(dir, 'config.json'));
  const error = await rejection(readBundle(dir));
  t.equal(error.field, 'bundle');
  t.equal(error.message, `bundle: ${dir}/config.json must not be a symlink`);
});

t.test('a dangling config.json symlink is rejected as a symlink, not as missing', async (t) => {
  const dir = await tempDir(t);
  await fs.symlink('/nonexistent/config.json', path.join(dir, 'config.json'));
  t.match((await rejection(readBundle(dir))).message, /must not be a symlink/);
});

t.test('config.json that is not a regular file', async (t) => {
  t.test('a directory', async (t) => {
    const dir = await tempDir(t);
    await fs.mkdir(path.join(dir, 'config.json'));
    t.equal((await rejection(readBundle(dir))).message, `bundle: ${dir}/config.json is not a regular file`);
  });
  t.test('a FIFO (rejected without blocking)', async (t) => {
    const dir = await tempDir(t);
    try {
      execFileSync('mkfifo', [path.join(dir, 'config.json')]);
    } catch {
      t.comment('mkfifo is not available; skipped');
      return;
    }
    t.equal((await rejection(readBundle(dir))).message, `bundle: ${dir}/config.json is not a regular file`);
  });
});

t.test('a 17 MiB config.json is rejected by the default 16 MiB limit', async (t) => {
  const dir = await tempDir(t);
  const config = path.join(dir, 'config.json');
  await fs.writeFile(config, '');
  await fs.truncate(config, 17 * MiB);
  const error = await rejection(readBundle(dir));
  t.equal(error.field, 'bundle');
  t.equal(
    error.message,
    `bundle: ${config} is ${17 * MiB} bytes, larger than the limit of ${16 * MiB} bytes (16 MiB)`,
  );
});

t.test('maxSpecBytes lowers the limit; a spec at the limit is accepted', async (t) => {
  const text = '{"ociVersion":"1.3.0"}';
  const dir = await bundleWithConfig(t, text);
  t.equal((await readBundle(dir, { maxSpecBytes: text.length })).spec['ociVersion'], '1.3.0');
  const error = await rejection(readBundle(dir, { maxSpecBytes: text.length - 1 }));
  t.match(error.message, `larger than the limit of ${text.length - 1} bytes`);
});

t.test('invalid JSON', async (t) => {
  const dir = await bundleWithConfig(t, '{"ociVersion": ');
  const error = await rejection(readBundle(dir));
  t.equal(error.field, 'bundle/config.json');
  t.match(error.message, /^bundle\/config\.json: invalid JSON: /);
  t.match(error.message, `${dir}/config.json`);
});

t.test('invalid UTF-8', async (t) => {
  const dir = await tempDir(t);
  await fs.writeFile(path.join(dir, 'config.json'), Buffer.from([0x7b, 0xff, 0x7d]));
  const error = await rejection(readBundle(dir));
  t.equal(error.field, 'bundle/config.json');
  t.match(error.message, /is not valid UTF-8/);
});

t.test('JSON that is not an object', async (t) => {
  const cases: Array<[text: string, got: string]> = [
    ['[]', 'an array'],
    ['null', 'null'],
    ['"spec"', 'a string'],
    ['42', 'a number'],
  ];
  for (const [text, got] of cases) {
    const dir = await bundleWithConfig(t, text);
    const error = await rejection(readBundle(dir));
    t.equal(error.field, 'bundle/config.json', text);
    t.match(error.message, `must be a JSON object (an OCI runtime spec), got ${got}`, text);
  }
});

t.test('bundle path must be absolute', async (t) => {
  for (const bundle of ['run/containerd/bundle', './bundle', '']) {
    const error = await rejection(readBundle(bundle));
    t.equal(error.field, 'bundle', JSON.stringify(bundle));
  }
  t.match(
    (await rejection(readBundle('relative/dir'))).message,
    'must be an absolute path, got "relative/dir"',
  );
  t.match((await rejection(readBundle('/tmp/a\0b'))).message, 'must not contain NUL bytes');
});

t.test('a nonsensical maxSpecBytes is a programming error', async (t) => {
  const dir = await bundleWithConfig(t, '{}');
  await t.rejects(readBundle(dir, { maxSpecBytes: -1 }), RangeError);
  await t.rejects(readBundle(dir, { maxSpecBytes: 1.5 }), RangeError);
});
