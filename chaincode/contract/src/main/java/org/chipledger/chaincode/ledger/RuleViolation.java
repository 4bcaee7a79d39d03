package org.chipledger.chaincode.ledger;

import org.hyperledger.fabric.shim.ChaincodeException;

/** A rejected transaction: its message carries the stable {@link ErrorCode} as a prefix. */
public final class RuleViolation extends ChaincodeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode code;

  public RuleViolation(ErrorCode code, String detail) {
    super(code.format(detail), code.name());
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
