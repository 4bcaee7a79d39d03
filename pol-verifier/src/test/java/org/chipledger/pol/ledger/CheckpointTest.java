package org.chipledger.pol.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path tmp;

  @Test
  void aMissingFileIsTheStartAndAWrittenOneReadsBack() throws IOException {
    Path file = tmp.resolve("cp");
    assertThat(Checkpoint.read(file)).isEqualTo(Checkpoint.START);
    new Checkpoint(12, 3).write(file);
    new Checkpoint(14, 1).write(file);
    assertThat(Checkpoint.read(file)).isEqualTo(new Checkpoint(14, 1));
    assertThat(Files.list(tmp)).containsExactly(file);
  }

  @Test
  void coversEarlierBlocksAndTheHandledEventsOfItsOwn() {
    Checkpoint cp = new Checkpoint(14, 2);
    assertThat(cp.covers(13, 9)).isTrue();
    assertThat(cp.covers(14, 2)).isTrue();
    assertThat(cp.covers(14, 3)).isFalse();
    assertThat(cp.covers(15, 1)).isFalse();
    assertThat(Checkpoint.START.covers(1, 1)).isFalse();
  }

  @Test
  void aCorruptFileIsAnError() throws IOException {
    Path file = tmp.resolve("cp");
    Files.writeString(file, "twelve\n");
    assertThatThrownBy(() -> Checkpoint.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt");
  }
}
