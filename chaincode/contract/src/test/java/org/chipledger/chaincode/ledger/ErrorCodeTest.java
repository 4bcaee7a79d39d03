package org.chipledger.chaincode.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
  @Test
  void codesAreRecoveredFromWrappedMessages() {
    String gateway =
        "chaincode response 500, " + ErrorCode.NOT_HOLDER.format("chip X is held by Y");
    assertThat(ErrorCode.parse(gateway)).contains(ErrorCode.NOT_HOLDER);
    assertThat(ErrorCode.parse("no code here")).isEmpty();
  }

  @Test
  void numbersAreUnique() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::number)).doesNotHaveDuplicates();
  }

  /**
   * The CLI exits with a refusal's number, and a process exit status keeps only its low 8 bits (600
   * would read as 88); shells give 126 and above their own meanings (not executable, not found,
   * killed by a signal). So every number stays in 3..125, above the CLI's usage and ledger exits 1
   * and 2.
   */
  @Test
  void everyNumberSurvivesAsAProcessExitStatus() {
    assertThat(ErrorCode.values())
        .allSatisfy(code -> assertThat(code.number()).as(code.name()).isBetween(10, 125));
  }

  @Test
  void compositeKeysRoundTrip() {
    String key = CompositeKeys.of("chip~holder", "fab-tw", "SN-1");
    assertThat(CompositeKeys.attributes(key)).containsExactly("fab-tw", "SN-1");
    assertThat(CompositeKeys.lastAttribute(key)).isEqualTo("SN-1");
  }
}
