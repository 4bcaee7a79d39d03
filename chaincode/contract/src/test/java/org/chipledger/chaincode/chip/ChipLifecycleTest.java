package org.chipledger.chaincode.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChipLifecycleTest {

  @Test
  void destroyedIsTheOnlyTerminalStatus() {
    assertThat(
            Arrays.stream(ChipStatus.values())
                .filter(
                    s -> s != ChipStatus.UNRECOGNIZED && s != ChipStatus.CHIP_STATUS_UNSPECIFIED)
                .filter(ChipLifecycle::isTerminal))
        .containsExactly(ChipStatus.CHIP_STATUS_DESTROYED);
  }

  @ParameterizedTest
  @EnumSource(
      value = ChipStatus.class,
      names = {"UNRECOGNIZED", "CHIP_STATUS_UNSPECIFIED"},
      mode = EnumSource.Mode.EXCLUDE)
  void nothingLeavesDestroyed(ChipStatus to) {
    RuleViolation violation =
        catchThrowableOfType(
            RuleViolation.class,
            () -> ChipLifecycle.requireTransition("S", ChipStatus.CHIP_STATUS_DESTROYED, to));
    assertThat(violation.code()).isEqualTo(ErrorCode.TERMINAL_STATE);
  }

  @Test
  void edgesThatAreNotInTheTableAreRefused() {
    assertThat(
            ChipLifecycle.allowed(ChipStatus.CHIP_STATUS_ACTIVE, ChipStatus.CHIP_STATUS_IN_TRANSIT))
        .isFalse();
    RuleViolation violation =
        catchThrowableOfType(
            RuleViolation.class,
            () ->
                ChipLifecycle.requireTransition(
                    "S", ChipStatus.CHIP_STATUS_IN_TRANSIT, ChipStatus.CHIP_STATUS_DEPLOYED));
    assertThat(violation.code()).isEqualTo(ErrorCode.CHIP_NOT_AVAILABLE);
    assertThat(violation.getMessage()).contains("in_transit", "deployed");
  }
}
