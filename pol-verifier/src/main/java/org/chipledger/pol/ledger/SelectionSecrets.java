package org.chipledger.pol.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.chipledger.client.identity.SecretFiles;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.verify.SelectionBeacon;

/**
 * The Verifier's selection secrets, one per run, kept durably in a directory until the verdict
 * reveals them: a crash between the commitment and the verdict must not lose the only value that
 * opens the commitment.
 */
public final class SelectionSecrets {
  private final Path dir;
  private final SecureRandom random = new SecureRandom();

  /** Secrets kept in {@code dir}, created when first needed. */
  public SelectionSecrets(Path dir) {
    this.dir = dir;
  }

  /** The run's secret: the one kept from an earlier attempt, or a fresh one, kept durably. */
  public byte[] secretFor(String runId) throws IOException {
    Path file = file(runId);
    if (Files.exists(file)) {
      byte[] kept = Files.readAllBytes(file);
      if (kept.length != SelectionBeacon.SECRET_BYTES) {
        throw new IOException("selection secret " + file + " is corrupt");
      }
      return kept;
    }
    Files.createDirectories(dir);
    byte[] secret = SelectionBeacon.freshSecret(random);
    try {
      SecretFiles.writeNew(file, secret);
    } catch (FileAlreadyExistsException e) {
      // Another attempt kept one first: that is the secret its commitment may already bind.
      return secretFor(runId);
    }
    return secret;
  }

  /** Run ids may hold '/' and '.': the file is named by the id's hash. */
  private Path file(String runId) {
    return dir.resolve(Sha256.hex(Sha256.of(runId.getBytes(StandardCharsets.UTF_8))) + ".secret");
  }
}
