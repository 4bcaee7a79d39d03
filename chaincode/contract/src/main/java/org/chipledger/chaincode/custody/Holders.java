package org.chipledger.chaincode.custody;

import java.util.Arrays;
import org.chipledger.proto.ledger.v1.Role;

/** The roles that may hold chips and so propose, accept and report on them. */
final class Holders {
  static final Role[] ROLES = {Role.ROLE_FAB, Role.ROLE_DATACENTER, Role.ROLE_DISTRIBUTOR};

  private Holders() {}

  static boolean canHold(Role role) {
    return Arrays.asList(ROLES).contains(role);
  }
}
