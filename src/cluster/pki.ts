/**
 * Makes the cluster's keys and certificates under `<dir>/pki`: the service-account key pair with node:crypto, the
 * certificates with openssl (certificates.ts says which).
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { InternalError } from '../core/errors.js';
import { certificateFiles, certificatePlan, type CertificateFiles } from './certificates.js';

const run = promisify(execFile);

export async function makePki(pki: string, apiserverAddress: string): Promise<CertificateFiles> {
  fs.mkdirSync(pki, { recursive: true, mode: 0o700 });
  const files = certificateFiles(pki);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  fs.writeFileSync(files.serviceAccountKey, privateKey, { mode: 0o600 });
  fs.writeFileSync(files.serviceAccountPublicKey, publicKey);
  for (const step of certificatePlan(pki, apiserverAddress)) {
    if (step.extensions) fs.writeFileSync(step.extensions.file, step.extensions.text);
    try {
      await run('openssl', step.args, { timeout: 30_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new InternalError(`openssl ${step.args[0]} failed: ${stderr || (error as Error).message}`);
    }
  }
  return files;
}
