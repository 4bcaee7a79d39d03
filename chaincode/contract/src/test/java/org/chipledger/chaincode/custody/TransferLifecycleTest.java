package org.chipledger.chaincode.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.chipledger.chaincode.custody.TransferLifecycle.Action;
import org.chipledger.chaincode.custody.TransferLifecycle.Refused;
import org.chipledger.chaincode.custody.TransferLifecycle.Step;
import org.chipledger.chaincode.custody.TransferLifecycle.To;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransferLifecycleTest {

  @ParameterizedTest
  @EnumSource(
      value = TransferStatus.class,
      names = {"UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyStatusHasACellForEveryAction(TransferStatus status) {
    for (Action action : Action.values()) {
      assertThat(TransferLifecycle.step(status, action)).as("%s × %s", status, action).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TransferStatus.class,
      names = {
        "TRANSFER_STATUS_COMPLETED",
        "TRANSFER_STATUS_REJECTED",
        "TRANSFER_STATUS_CANCELLED"
      })
  void aClosedTransferRefusesEveryAction(TransferStatus closed) {
    for (Action action : Action.values()) {
      ErrorCode expected =
          action == Action.PROPOSE ? ErrorCode.TRANSFER_EXISTS : ErrorCode.INVALID_TRANSFER_STATE;
      assertThat(TransferLifecycle.step(closed, action)).isEqualTo(new Refused(expected));
    }
  }

  @Test
  void onlyAProposalStartsATransfer() {
    for (Action action : Action.values()) {
      Step step = TransferLifecycle.step(TransferStatus.TRANSFER_STATUS_UNSPECIFIED, action);
      assertThat(step)
          .as("%s on a transfer not yet on the ledger", action)
          .isEqualTo(
              action == Action.PROPOSE
                  ? new To(TransferStatus.TRANSFER_STATUS_PROPOSED)
                  : new Refused(ErrorCode.TRANSFER_NOT_FOUND));
    }
  }

  @Test
  void acceptanceCompletesADomesticTransferAndSendsAForeignOneToCustoms() {
    Transfer proposed =
        Transfer.newBuilder()
            .setTransferId("T1")
            .setStatus(TransferStatus.TRANSFER_STATUS_PROPOSED)
            .build();
    assertThat(TransferLifecycle.next(proposed, Action.ACCEPT))
        .isEqualTo(TransferStatus.TRANSFER_STATUS_COMPLETED);
    assertThat(
            TransferLifecycle.next(
                proposed.toBuilder().setCrossBorder(true).build(), Action.ACCEPT))
        .isEqualTo(TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT);
  }

  @Test
  void releaseResumesTheStageAHoldInterrupted() {
    Transfer held =
        Transfer.newBuilder()
            .setTransferId("T1")
            .setStatus(TransferStatus.TRANSFER_STATUS_HELD)
            .setPriorStatus(TransferStatus.TRANSFER_STATUS_IN_TRANSIT)
            .build();
    assertThat(TransferLifecycle.next(held, Action.RELEASE))
        .isEqualTo(TransferStatus.TRANSFER_STATUS_IN_TRANSIT);
  }

  @Test
  void aRefusalNamesTheTransferAndItsStatus() {
    Transfer inTransit =
        Transfer.newBuilder()
            .setTransferId("T9")
            .setStatus(TransferStatus.TRANSFER_STATUS_IN_TRANSIT)
            .build();
    RuleViolation violation =
        catchThrowableOfType(
            RuleViolation.class, () -> TransferLifecycle.next(inTransit, Action.CANCEL));
    assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_TRANSFER_STATE);
    assertThat(violation.getMessage())
        .isEqualTo("INVALID_TRANSFER_STATE: transfer T9 is in_transit");
    RuleViolation exists =
        catchThrowableOfType(
            RuleViolation.class, () -> TransferLifecycle.next(inTransit, Action.PROPOSE));
    assertThat(exists.getMessage()).isEqualTo("TRANSFER_EXISTS: transfer T9 already exists");
  }
}
