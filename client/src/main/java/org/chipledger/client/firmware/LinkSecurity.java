package org.chipledger.client.firmware;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the link to the agent is secured: mTLS with the chip's certificate, or plaintext on request.
 */
public sealed interface LinkSecurity {
  /**
   * mTLS: {@code caPem} is the trust anchor for the agent's certificate; {@code certPem} and {@code
   * keyPem} (PKCS#8) are the chip's TLS identity, which the agent checks.
   */
  record TlsFiles(Path caPem, Path certPem, Path keyPem) implements LinkSecurity {
    public TlsFiles {
      for (Path file : new Path[] {caPem, certPem, keyPem}) {
        if (!Files.isReadable(file)) {
          throw new IllegalArgumentException("cannot read TLS file " + file);
        }
      }
    }
  }

  /** No transport security: only for tests of the firmware logic, and only when asked for. */
  record Plaintext() implements LinkSecurity {}
}
