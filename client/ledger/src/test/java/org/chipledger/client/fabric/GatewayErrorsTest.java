package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class GatewayErrorsTest {

  @Test
  void recoversTheChaincodeCodeFromTheErrorDetails() {
    LedgerException e =
        GatewayErrors.of(
            "custody:ProposeTransfer",
            new GatewayException(
                failure(
                    Status.Code.UNKNOWN,
                    "evaluate call to endorser returned error: chaincode response 500, NOT_HOLDER:"
                        + " chip X is held by Y",
                    "chaincode response 500, NOT_HOLDER: chip X is held by Y")));

    assertThat(e.code()).isEqualTo(ErrorCode.NOT_HOLDER);
    assertThat(e.getMessage()).isEqualTo("NOT_HOLDER: chip X is held by Y");
  }

  @Test
  void anEndorsementFailureWithoutACodeIsAnEndorsementFailure() {
    LedgerException e =
        GatewayErrors.of(
            "chip:RegisterChips",
            new EndorseException(
                "tx1",
                failure(
                    Status.Code.ABORTED,
                    "failed to collect enough transaction endorsements",
                    "ProposalResponsePayloads do not match")));

    assertThat(e.code()).isEqualTo(ErrorCode.ENDORSEMENT_FAILED);
    assertThat(e.getMessage())
        .startsWith("ENDORSEMENT_FAILED: chip:RegisterChips: ABORTED")
        .contains("TWMSP@127.0.0.1:7051: ProposalResponsePayloads do not match");
  }

  @Test
  void aGatewayThatKnowsTooFewPeersIsToldApartFromARealEndorsementFailure() {
    assertThat(
            GatewayErrors.lacksEndorsers(
                new EndorseException(
                    "tx1",
                    failure(
                        Status.Code.FAILED_PRECONDITION,
                        "no combination of peers can be derived which satisfy the endorsement"
                            + " policy: no peer combination can satisfy the endorsement policy",
                        ""))))
        .isTrue();
    assertThat(
            GatewayErrors.lacksEndorsers(
                new EndorseException(
                    "tx2",
                    failure(
                        Status.Code.ABORTED,
                        "failed to collect enough transaction endorsements",
                        "ProposalResponsePayloads do not match"))))
        .isFalse();
  }

  @Test
  void connectionAndDeadlineFailuresMeanTheLedgerIsUnavailable() {
    for (Status.Code code :
        new Status.Code[] {Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED}) {
      LedgerException e =
          GatewayErrors.of("policy:GetPolicy", new GatewayException(failure(code, "gone", "")));
      assertThat(e.code()).as(code.name()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE);
    }
  }

  @Test
  void fabricAndShimMessagesWithoutACodeGetTheEmbeddedBackendsCodes() {
    assertThat(evaluateFailure("chaincode response 500, Undefined contract method called").code())
        .isEqualTo(ErrorCode.UNKNOWN_FUNCTION);
    assertThat(evaluateFailure("chaincode response 500, Unexpected error").code())
        .isEqualTo(ErrorCode.MALFORMED_ARGUMENT);
    assertThat(
            evaluateFailure(
                    "error validating proposal: access denied: channel [treaty] creator org"
                        + " unknown, creator is malformed")
                .code())
        .isEqualTo(ErrorCode.UNTRUSTED_IDENTITY);
    assertThat(evaluateFailure("something else entirely").code()).isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void invalidCommitsMapByValidationCode() {
    assertThat(
            GatewayErrors.commitFailed(
                "custody:AcceptTransfer", "tx1", TxValidationCode.MVCC_READ_CONFLICT, 5))
        .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
        .hasMessageContaining("tx1")
        .hasMessageContaining("MVCC_READ_CONFLICT after 5 attempts");
    assertThat(
            GatewayErrors.commitFailed("f", "tx2", TxValidationCode.ENDORSEMENT_POLICY_FAILURE, 1)
                .code())
        .isEqualTo(ErrorCode.ENDORSEMENT_FAILED);
    assertThat(GatewayErrors.commitFailed("f", "tx3", TxValidationCode.DUPLICATE_TXID, 1).code())
        .isEqualTo(ErrorCode.DUPLICATE_TRANSACTION);
  }

  @Test
  void onlyReadConflictsAreRetried() {
    assertThat(GatewayErrors.isConflict(TxValidationCode.MVCC_READ_CONFLICT)).isTrue();
    assertThat(GatewayErrors.isConflict(TxValidationCode.PHANTOM_READ_CONFLICT)).isTrue();
    assertThat(GatewayErrors.isConflict(TxValidationCode.ENDORSEMENT_POLICY_FAILURE)).isFalse();
    assertThat(GatewayErrors.isConflict(TxValidationCode.VALID)).isFalse();
  }

  private static LedgerException evaluateFailure(String detail) {
    return GatewayErrors.of(
        "f",
        new GatewayException(
            failure(Status.Code.UNKNOWN, "evaluate call to endorser returned error", detail)));
  }

  /** A gateway error as the peer sends it: status, description and one endorser's detail. */
  private static StatusRuntimeException failure(
      Status.Code code, String description, String detail) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(description);
    if (!detail.isEmpty()) {
      status.addDetails(
          Any.pack(
              ErrorDetail.newBuilder()
                  .setAddress("127.0.0.1:7051")
                  .setMspId("TWMSP")
                  .setMessage(detail)
                  .build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
