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

  @Test
  void compositeKeysRoundTrip() {
    String key = CompositeKeys.of("chip~holder", "fab-tw", "SN-1");
    assertThat(CompositeKeys.attributes(key)).containsExactly("fab-tw", "SN-1");
    assertThat(CompositeKeys.lastAttribute(key)).isEqualTo("SN-1");
  }
}
