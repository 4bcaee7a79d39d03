package org.chipledger.client.embedded;

import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.hyperledger.fabric.shim.Chaincode;

/**
 * Turns a failed router response into a {@link LedgerException}. Contracts put {@code CODE: detail}
 * in the message; the shim's own failures have fixed messages that are mapped here.
 */
final class ContractErrors {
  // ContractRouter answers these for an unknown function and for wrong or unparsable arguments.
  private static final String UNDEFINED_METHOD = "Undefined contract method called";
  private static final String UNEXPECTED_ERROR = "Unexpected error";

  private ContractErrors() {}

  static LedgerException toException(Chaincode.Response response) {
    String message = response.getMessage() == null ? "" : response.getMessage();
    if (message.startsWith(UNDEFINED_METHOD)) {
      return new LedgerException(ErrorCode.UNKNOWN_FUNCTION, message);
    }
    if (message.equals(UNEXPECTED_ERROR)) {
      return new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "the arguments do not fit the function (" + message + ")");
    }
    if (message.isEmpty()) {
      return new LedgerException(
          ErrorCode.INTERNAL, "contract failed with status " + response.getStatusCode());
    }
    return LedgerException.fromMessage(message, ErrorCode.INTERNAL);
  }
}
