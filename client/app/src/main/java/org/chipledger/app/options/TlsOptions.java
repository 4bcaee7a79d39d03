package org.chipledger.app.options;

import java.nio.file.Path;
import org.chipledger.client.identity.LinkSecurity;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The mTLS options of every command on a chip–agent link: PEM files, a directory, or plaintext. */
public final class TlsOptions {
  @Option(names = "--tls-dir", description = "A directory with ca.pem, cert.pem and key.pem.")
  Path dir;

  @Option(names = "--tls-ca", description = "PEM trust anchor for the other end's certificate.")
  Path ca;

  @Option(names = "--tls-cert", description = "PEM certificate of this end's TLS identity.")
  Path cert;

  @Option(names = "--tls-key", description = "PKCS#8 PEM key of this end's TLS identity.")
  Path key;

  @Option(names = "--plaintext", description = "No TLS (tests on loopback only).")
  boolean plaintext;

  /** True if any TLS option was given. */
  public boolean any() {
    return dir != null || ca != null || cert != null || key != null || plaintext;
  }

  /** The link security the options name; a usage error if they are incomplete or contradictory. */
  public LinkSecurity security(CommandLine commandLine) {
    boolean files = ca != null || cert != null || key != null;
    if (plaintext) {
      if (files || dir != null) {
        throw new CommandLine.ParameterException(commandLine, "--plaintext takes no --tls-* files");
      }
      return new LinkSecurity.Plaintext();
    }
    if (dir != null) {
      if (files) {
        throw new CommandLine.ParameterException(
            commandLine, "give --tls-dir or --tls-ca/--tls-cert/--tls-key, not both");
      }
      return LinkSecurity.TlsFiles.in(dir);
    }
    if (ca == null || cert == null || key == null) {
      throw new CommandLine.ParameterException(
          commandLine,
          "give --tls-dir, or all of --tls-ca, --tls-cert and --tls-key, or --plaintext");
    }
    return new LinkSecurity.TlsFiles(ca, cert, key);
  }
}
