package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network-config/install-fabric.sh} builds Fabric from a source tarball when the Go module
 * proxy refuses it. A tarball swapped for another one (a supply-chain attack on the build input)
 * must be refused before anything of it is extracted or built.
 */
class InstallFabricScriptTest {
  private static final Path SCRIPT = repoRoot().resolve("network-config/install-fabric.sh");

  @TempDir Path dir;

  @Test
  void aTarballWhoseDigestIsNotThePinnedOneIsRefusedAndNothingIsExtracted() throws Exception {
    Path tarball = dir.resolve("fabric-3.1.5-src.tar.gz");
    byte[] impostor = "not the Fabric source".getBytes(StandardCharsets.UTF_8);
    Files.write(tarball, impostor);
    Path home = dir.resolve("home");

    Result result = install(home, tarball);

    assertThat(result.exitCode()).isNotZero();
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(impostor));
    assertThat(result.output())
        .contains("refusing " + tarball)
        .contains("its SHA-256 is " + digest)
        .contains("b5c70d9b438587c7f069171c356d82f2dcd101014d2c6e9191cd4c1a17332c9b");
    assertThat(filesUnder(home)).isEmpty();
  }

  @Test
  void aMissingTarballNamesWhatToProvide() throws Exception {
    Path home = dir.resolve("home");

    Result result = install(home, dir.resolve("absent.tar.gz"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("no source tarball at " + dir.resolve("absent.tar.gz"))
        .contains("FABRIC_SRC_TARBALL=");
    assertThat(filesUnder(home)).isEmpty();
  }

  private record Result(int exitCode, String output) {}

  /** Runs the installer into an empty home with the module proxy switched off (no network). */
  private Result install(Path home, Path tarball) throws IOException, InterruptedException {
    Path output = dir.resolve("install.out");
    ProcessBuilder builder =
        new ProcessBuilder(SCRIPT.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.put("CHIPLEDGER_FABRIC_HOME", home.toString());
    env.put("FABRIC_SRC_TARBALL", tarball.toString());
    env.put("GOPROXY", "off");
    env.remove("FABRIC_SRC");
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the installer finished").isTrue();
    return new Result(process.exitValue(), Files.readString(output));
  }

  /** Regular files the installer left in its home (its staging directory must be gone). */
  private static List<Path> filesUnder(Path home) throws IOException {
    if (!Files.exists(home)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(home)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isExecutable(d.resolve("network-config/install-fabric.sh"))) {
        return d;
      }
    }
    throw new IllegalStateException("no network-config/install-fabric.sh above the working dir");
  }
}
