import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ThrowawayCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A throwaway CA and a server certificate it signs, for localhost and 127.0.0.1, made with
 * openssl(1) in `dir` (EC P-256 keys: a few milliseconds each).
 */
export function makeCertificates(dir: string): ThrowawayCertificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '3650',
    '-subj',
    '/CN=hitos test CA',
  );
  openssl(
    'req',
    ...ec,
    '-keyout',
    file('node.key'),
    '-out',
    file('node.csr'),
    '-subj',
    '/CN=localhost',
  );
  writeFileSync(file('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('node.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('node.crt'),
    '-days',
    '3650',
    '-extfile',
    file('san.ext'),
  );
  return { caFile: file('ca.crt'), certFile: file('node.crt'), keyFile: file('node.key') };
}
