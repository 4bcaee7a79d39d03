package org.chipledger.chaincode.custody;

import java.util.Arrays;
import org.chipledger.chaincode.chip.ChipLifecycle;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;

/** The roles that may hold chips and so propose, accept and report on them. */
final class Holders {
  static final Role[] ROLES = {Role.ROLE_FAB, Role.ROLE_DATACENTER, Role.ROLE_DISTRIBUTOR};

  private Holders() {}

  static boolean canHold(Role role) {
    return Arrays.asList(ROLES).contains(role);
  }

  /** Admits only the chip's holder to act on it. */
  static void requireHeldBy(Chip chip, Organization holder) {
    Checks.require(
        chip.getHolderOrg().equals(holder.getOrgId()),
        ErrorCode.NOT_HOLDER,
        "chip "
            + chip.getSerial()
            + " is held by "
            + chip.getHolderOrg()
            + ", not "
            + holder.getOrgId());
  }

  /** Refuses a chip whose status is final, before any check of what it may become. */
  static void requireNotTerminal(Chip chip) {
    if (ChipLifecycle.isTerminal(chip.getStatus())) {
      throw new RuleViolation(
          ErrorCode.TERMINAL_STATE,
          "chip " + chip.getSerial() + " is " + StatusNames.of(chip.getStatus()));
    }
  }
}
