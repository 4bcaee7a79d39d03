package org.chipledger.client.fabric;

import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Maps Fabric Gateway failures to the stable {@link ErrorCode}s of the embedded backend.
 *
 * <p>The gateway drops a chaincode error's payload and keeps only its message (fabric-gateway issue
 * 337), so the chaincode puts {@code CODE: detail} in the message, and the peer passes it on as
 * {@code chaincode response 500, CODE: detail} in the error details.
 */
final class GatewayErrors {
  // ContractRouter's fixed messages for an unknown function and for unparsable arguments; the
  // embedded backend maps them the same way.
  private static final String UNDEFINED_METHOD = "Undefined contract method called";
  private static final String UNEXPECTED_ERROR = "chaincode response 500, Unexpected error";
  // The peer's proposal check: the creator's certificate does not chain to the MSP of the channel.
  private static final String ACCESS_DENIED = "error validating proposal: access denied";

  // The gateway's answer while its discovery view lacks peers enough for the endorsement policy.
  private static final String NO_ENDORSERS = "no combination of peers can be derived";

  private GatewayErrors() {}

  /**
   * The gateway knows too few peers to satisfy the endorsement policy. Right after the network
   * starts, or while a peer restarts, this lasts until gossip has spread the peers' state.
   */
  static boolean lacksEndorsers(EndorseException e) {
    String description = e.getStatus().getDescription();
    return e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
        && description != null
        && description.contains(NO_ENDORSERS);
  }

  /**
   * A submit that failed this way may still have been ordered: the orderers that answered did not
   * make a quorum, or the answer did not arrive in time, while a quorum took the transaction.
   */
  static boolean outcomeUnknown(Status.Code code) {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
  }

  /** A failed evaluate, endorse, submit or commit-status call. */
  static LedgerException of(String function, GatewayException e) {
    ErrorCode fallback =
        e instanceof EndorseException ? ErrorCode.ENDORSEMENT_FAILED : ErrorCode.INTERNAL;
    return of(function, e.getStatus(), e.getDetails(), fallback, e);
  }

  /** A failed event stream. */
  static LedgerException of(String function, GatewayRuntimeException e) {
    return of(function, e.getStatus(), e.getDetails(), ErrorCode.INTERNAL, e);
  }

  /** A transaction that was ordered but committed invalid. */
  static LedgerException commitFailed(
      String function, String txId, TxValidationCode code, int attempts) {
    String detail = function + " transaction " + txId + " committed as invalid: " + code;
    return switch (code) {
      case ENDORSEMENT_POLICY_FAILURE -> new LedgerException(ErrorCode.ENDORSEMENT_FAILED, detail);
      case DUPLICATE_TXID -> new LedgerException(ErrorCode.DUPLICATE_TRANSACTION, detail);
      case BAD_CREATOR_SIGNATURE -> new LedgerException(ErrorCode.BAD_SIGNATURE, detail);
      // Still conflicting after every retry: the keys are hot, so the caller may try later.
      case MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT ->
          new LedgerException(
              ErrorCode.LEDGER_UNAVAILABLE, detail + " after " + attempts + " attempts");
      default -> new LedgerException(ErrorCode.INTERNAL, detail);
    };
  }

  /** Conflicts with a concurrent transaction: endorsing again against newer state may succeed. */
  static boolean isConflict(TxValidationCode code) {
    return code == TxValidationCode.MVCC_READ_CONFLICT
        || code == TxValidationCode.PHANTOM_READ_CONFLICT;
  }

  private static LedgerException of(
      String function,
      Status status,
      List<ErrorDetail> details,
      ErrorCode fallback,
      Exception cause) {
    String text = text(status, details);
    ErrorCode code =
        ErrorCode.parse(text)
            .or(() -> fabricFailure(text))
            .orElseGet(() -> byStatus(status.getCode(), fallback));
    String message = ErrorCode.parse(text).isPresent() ? text : function + ": " + text;
    LedgerException mapped = LedgerException.fromMessage(message, code);
    return new LedgerException(mapped.code(), mapped.getMessage(), cause);
  }

  /** The chaincode's own message first (from the details), then the gateway's summary. */
  private static String text(Status status, List<ErrorDetail> details) {
    for (ErrorDetail detail : details) {
      if (ErrorCode.parse(detail.getMessage()).isPresent()) {
        return detail.getMessage();
      }
    }
    StringBuilder text = new StringBuilder().append(status.getCode());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    for (ErrorDetail detail : details) {
      text.append("; ")
          .append(detail.getMspId())
          .append('@')
          .append(detail.getAddress())
          .append(": ")
          .append(detail.getMessage());
    }
    return text.toString();
  }

  /** Failures detected by Fabric or the shim, whose messages carry no code. */
  private static Optional<ErrorCode> fabricFailure(String text) {
    if (text.contains(UNDEFINED_METHOD)) {
      return Optional.of(ErrorCode.UNKNOWN_FUNCTION);
    }
    if (text.contains(UNEXPECTED_ERROR)) {
      return Optional.of(ErrorCode.MALFORMED_ARGUMENT);
    }
    if (text.contains(ACCESS_DENIED)) {
      return Optional.of(ErrorCode.UNTRUSTED_IDENTITY);
    }
    return Optional.empty();
  }

  private static ErrorCode byStatus(Status.Code code, ErrorCode fallback) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, RESOURCE_EXHAUSTED ->
          ErrorCode.LEDGER_UNAVAILABLE;
      default -> fallback;
    };
  }
}
