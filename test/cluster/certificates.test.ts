import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { certificatePlan, FRONT_PROXY_CLIENT_NAME } from '../../src/cluster/certificates.js';
import { makePki } from '../../src/cluster/pki.js';
import { onPath } from '../../src/cluster/tools.js';

t.test(
  'the plan: two CAs, a serving certificate for every name of the apiserver, a front-proxy client',
  async (t) => {
    const plan = certificatePlan('/p', '127.0.0.1');
    const extensions = plan.flatMap((step) => (step.extensions ? [step.extensions.text] : []));
    t.equal(extensions.length, 2);
    t.match(extensions[0], /subjectAltName=IP:127\.0\.0\.1,IP:10\.96\.0\.1,DNS:localhost,DNS:kubernetes,/);
    t.match(extensions[0], /extendedKeyUsage=serverAuth/);
    t.match(extensions[1], /extendedKeyUsage=clientAuth/);
    t.ok(plan.some((step) => step.args.includes(`/CN=${FRONT_PROXY_CLIENT_NAME}`)));
    t.equal(plan.filter((step) => step.args.includes('basicConstraints=critical,CA:TRUE')).length, 2);
  },
);

t.test(
  'openssl makes certificates that verify against their CAs',
  { skip: !onPath('openssl') && 'no openssl' },
  async (t) => {
    const pki = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-pki-'));
    t.teardown(() => fs.rmSync(pki, { recursive: true, force: true }));
    const files = await makePki(pki, '127.0.0.1');
    const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });
    t.match(openssl('verify', '-CAfile', files.caCert, files.apiserverCert), /OK/);
    t.match(openssl('verify', '-CAfile', files.frontProxyCaCert, files.frontProxyClientCert), /OK/);
    t.match(
      openssl('x509', '-in', files.apiserverCert, '-noout', '-ext', 'subjectAltName'),
      /IP Address:127\.0\.0\.1/,
    );
    t.match(fs.readFileSync(files.serviceAccountKey, 'utf8'), /BEGIN RSA PRIVATE KEY/);
    t.match(fs.readFileSync(files.serviceAccountPublicKey, 'utf8'), /BEGIN PUBLIC KEY/);
    t.equal(fs.statSync(files.serviceAccountKey).mode & 0o777, 0o600);
  },
);
