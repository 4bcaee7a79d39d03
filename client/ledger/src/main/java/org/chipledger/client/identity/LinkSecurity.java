package org.chipledger.client.identity;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a gRPC link between a chip and its datacenter's snapshot agent is secured: mTLS, or plaintext
 * on request (tests on loopback only).
 */
public sealed interface LinkSecurity {
  /** A gRPC channel to {@code host:port} secured this way. */
  default ManagedChannel channelTo(String host, int port) {
    ChannelCredentials credentials;
    if (this instanceof TlsFiles tls) {
      try {
        credentials =
            TlsChannelCredentials.newBuilder()
                .trustManager(tls.caPem().toFile())
                .keyManager(tls.certPem().toFile(), tls.keyPem().toFile())
                .build();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot load TLS files: " + e.getMessage(), e);
      }
    } else {
      credentials = InsecureChannelCredentials.create();
    }
    return Grpc.newChannelBuilderForAddress(host, port, credentials).build();
  }

  /**
   * mTLS: {@code caPem} is the trust anchor for the other end's certificate; {@code certPem} and
   * {@code keyPem} (PKCS#8) are this end's TLS identity.
   */
  record TlsFiles(Path caPem, Path certPem, Path keyPem) implements LinkSecurity {
    public TlsFiles {
      for (Path file : new Path[] {caPem, certPem, keyPem}) {
        if (!Files.isReadable(file)) {
          throw new IllegalArgumentException("cannot read TLS file " + file);
        }
      }
    }

    /**
     * Writes {@code ca.pem}, {@code cert.pem} and {@code key.pem} (owner-only) into {@code dir} for
     * a TLS identity that trusts {@code caPem}; refuses to overwrite existing files.
     */
    public static TlsFiles write(Identity identity, String caPem, Path dir) {
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create " + dir, e);
      }
      Pem.writeNew(dir.resolve("ca.pem"), caPem);
      Pem.writeNew(dir.resolve("cert.pem"), identity.certificatePem());
      Pem.writeNewSecret(dir.resolve("key.pem"), Pem.privateKey(identity.privateKey()));
      return in(dir);
    }

    /** The files {@link #write} put in {@code dir}. */
    public static TlsFiles in(Path dir) {
      return new TlsFiles(dir.resolve("ca.pem"), dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }
  }

  /** No transport security: only for tests of the firmware logic, and only when asked for. */
  record Plaintext() implements LinkSecurity {}
}
