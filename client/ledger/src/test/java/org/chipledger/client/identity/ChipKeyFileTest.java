package org.chipledger.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chip's private key file: owner-only from birth, complete or absent, and never replaced. */
class ChipKeyFileTest {
  @TempDir Path dir;

  @Test
  void theKeyFileIsOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
    ChipKeys.writePrivateKey(dir, "SN-1", new ChipKeys().generate());
    Path file = dir.resolve("SN-1.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(file).content().startsWith("-----BEGIN PRIVATE KEY-----");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("SN-1.pem");
    }
  }

  @Test
  void anExistingKeyIsNeverOverwritten() throws IOException {
    KeyPair first = new ChipKeys().generate();
    ChipKeys.writePrivateKey(dir, "SN-2", first);
    byte[] before = Files.readAllBytes(dir.resolve("SN-2.pem"));
    assertThatThrownBy(() -> ChipKeys.writePrivateKey(dir, "SN-2", new ChipKeys().generate()))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(dir.resolve("SN-2.pem")).hasBinaryContent(before);
  }

  @Test
  void aFilePlantedUnderTheKeysNameIsNotReplacedOrReused() throws IOException {
    // Someone who can write the directory plants a world-readable file where the key will go.
    Path planted = dir.resolve("SN-3.pem");
    Files.writeString(planted, "planted", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ChipKeys.writePrivateKey(dir, "SN-3", new ChipKeys().generate()))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(planted).content().isEqualTo("planted");
  }

  @Test
  void secretFilesAreWrittenWholeOwnerOnlyAndOnce() throws IOException {
    Path file = dir.resolve("s.secret");
    SecretFiles.writeNew(file, new byte[] {1, 2, 3});
    assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThatThrownBy(() -> SecretFiles.writeNew(file, new byte[] {9}))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(1);
    }
  }
}
