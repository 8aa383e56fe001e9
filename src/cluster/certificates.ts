/**
 * The cluster's certificates as openssl commands (Node has no X.509 writer): a CA for the apiserver's serving
 * certificate, and a front-proxy CA with its client certificate, which the apiserver presents to metrics-server
 * when it forwards `kubectl top` through the aggregation layer. Pure: `certificatePlan` says what to run.
 */
import path from 'node:path';

export interface CertificateFiles {
  caCert: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  frontProxyCaCert: string;
  frontProxyCaKey: string;
  frontProxyClientCert: string;
  frontProxyClientKey: string;
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
}

/** The name the apiserver's `--requestheader-allowed-names` accepts from the front proxy. */
export const FRONT_PROXY_CLIENT_NAME = 'front-proxy-client';

/** The apiserver's in-cluster service address: the first of `--service-cluster-ip-range`. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/24';
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

const DAYS = '365';
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function certificateFiles(pki: string): CertificateFiles {
  const file = (name: string) => path.join(pki, name);
  return {
    caCert: file('ca.crt'),
    caKey: file('ca.key'),
    apiserverCert: file('apiserver.crt'),
    apiserverKey: file('apiserver.key'),
    frontProxyCaCert: file('front-proxy-ca.crt'),
    frontProxyCaKey: file('front-proxy-ca.key'),
    frontProxyClientCert: file('front-proxy-client.crt'),
    frontProxyClientKey: file('front-proxy-client.key'),
    serviceAccountKey: file('sa.key'),
    serviceAccountPublicKey: file('sa.pub'),
  };
}

/** One openssl run, and the extension file it reads (written first), if any. */
export interface OpensslStep {
  args: string[];
  extensions?: { file: string; text: string };
}

export function certificatePlan(pki: string, apiserverAddress: string): OpensslStep[] {
  const files = certificateFiles(pki);
  const apiserverNames = [
    `IP:${apiserverAddress}`,
    `IP:${KUBERNETES_SERVICE_IP}`,
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
  ];
  return [
    selfSignedCa(files.caCert, files.caKey, 'resource-slot-cluster-ca'),
    ...signed(pki, 'apiserver', files.caCert, files.caKey, {
      subject: '/CN=kube-apiserver',
      extensions: [`subjectAltName=${apiserverNames.join(',')}`, 'extendedKeyUsage=serverAuth'],
    }),
    selfSignedCa(files.frontProxyCaCert, files.frontProxyCaKey, 'resource-slot-cluster-front-proxy-ca'),
    ...signed(pki, FRONT_PROXY_CLIENT_NAME, files.frontProxyCaCert, files.frontProxyCaKey, {
      subject: `/CN=${FRONT_PROXY_CLIENT_NAME}`,
      extensions: ['extendedKeyUsage=clientAuth'],
    }),
  ];
}

function selfSignedCa(cert: string, key: string, name: string): OpensslStep {
  return {
    args: [
      ...['req', '-x509', ...KEY, '-keyout', key, '-out', cert, '-days', DAYS, '-subj', `/CN=${name}`],
      ...['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    ],
  };
}

function signed(
  pki: string,
  name: string,
  caCert: string,
  caKey: string,
  options: { subject: string; extensions: string[] },
): OpensslStep[] {
  const key = path.join(pki, `${name}.key`);
  const request = path.join(pki, `${name}.csr`);
  const extensions = path.join(pki, `${name}.ext`);
  return [
    { args: ['req', ...KEY, '-keyout', key, '-out', request, '-subj', options.subject] },
    {
      args: [
        ...['x509', '-req', '-in', request, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial'],
        ...['-days', DAYS, '-out', path.join(pki, `${name}.crt`), '-extfile', extensions],
      ],
      extensions: {
        file: extensions,
        text: ['keyUsage=critical,digitalSignature,keyEncipherment', ...options.extensions, ''].join('\n'),
      },
    },
  ];
}
