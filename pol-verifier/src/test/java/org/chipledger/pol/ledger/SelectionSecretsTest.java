package org.chipledger.pol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Verifier's selection secrets: owner-only from birth, and the first one kept forever. */
class SelectionSecretsTest {
  @TempDir Path dir;

  @Test
  void aSecretIsOwnerOnlyAndKeptAcrossCalls() throws IOException {
    SelectionSecrets secrets = new SelectionSecrets(dir);
    byte[] first = secrets.secretFor("run-1");
    assertThat(new SelectionSecrets(dir).secretFor("run-1")).isEqualTo(first);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(all.get(0))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aTemporaryFilePlantedWhereTheOldCodeWroteIsNeitherFollowedNorLeftReadable()
      throws IOException {
    // The old code wrote through a fixed "<secret>.tmp" name with the default umask.
    SelectionSecrets secrets = new SelectionSecrets(dir);
    byte[] one = secrets.secretFor("run-a");
    try (Stream<Path> files = Files.list(dir)) {
      Path file = files.findFirst().orElseThrow();
      Files.delete(file);
      Path planted = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(planted, "x");
      Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-r--r--"));
      byte[] two = secrets.secretFor("run-a");
      assertThat(two).isNotEqualTo(one);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }
}
