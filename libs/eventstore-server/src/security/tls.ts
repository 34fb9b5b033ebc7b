import { readFileSync } from 'node:fs';
import { ServerCredentials } from '@grpc/grpc-js';

/**
 * TLS for the gRPC listener, from PEM files given by configuration (EventStoreDB's
 * CertificateFile / CertificatePrivateKeyFile / TrustedRootCertificatesPath). The CA is not
 * needed to serve: it is what clients verify the server with, so it goes into the connection
 * string the server prints and publishes (`tlsCAFile`). Client certificates are not asked for.
 */
export interface TlsOptions {
  /** The server's certificate (PEM; its chain may follow it in the same file). */
  certFile: string;
  /** Its private key (PEM, unencrypted). */
  keyFile: string;
  /** The CA that signed the certificate, for clients' `tlsCAFile`. */
  caFile?: string;
}

export class TlsConfigurationError extends Error {
  override readonly name = 'TlsConfigurationError';
}

export function serverCredentials(tls: TlsOptions | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new TlsConfigurationError(
        `cannot read the TLS ${what} ${file}: ${(error as Error).message}`,
      );
    }
  };
  const cert = read(tls.certFile, 'certificate');
  const key = read(tls.keyFile, 'private key');
  if (tls.caFile) read(tls.caFile, 'CA certificate');
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TlsConfigurationError(`${tls.certFile} holds no PEM certificate`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) {
    throw new TlsConfigurationError(`${tls.keyFile} holds no PEM private key`);
  }
  return ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }], false);
}

/** The query of an `esdb://` connection string for this listener. */
export function tlsQuery(tls: TlsOptions | undefined): string {
  if (!tls) return 'tls=false';
  // The client decodes the value (decodeURIComponent) and ends it at the next `&` or `?`.
  return tls.caFile
    ? `tls=true&tlsCAFile=${tls.caFile.replace(/[%&?#\s]/g, encodeURIComponent)}`
    : 'tls=true';
}
