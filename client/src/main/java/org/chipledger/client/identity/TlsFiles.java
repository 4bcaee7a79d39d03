package org.chipledger.client.identity;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PEM files of one end of a mutually authenticated TLS link: the CA that the peer's certificate
 * must chain to, and this end's certificate and PKCS#8 key.
 */
public record TlsFiles(Path caPem, Path certPem, Path keyPem) {
  public TlsFiles {
    for (Path file : new Path[] {caPem, certPem, keyPem}) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("TLS file " + file + " is missing or unreadable");
      }
    }
  }
}
