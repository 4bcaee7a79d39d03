package org.chipledger.chaincode.membership;

import java.util.Locale;
import java.util.Optional;
import org.chipledger.proto.ledger.v1.Role;

/**
 * Maps the certificate's {@code role} attribute ({@code fab}, {@code customs}, …) to {@link Role}.
 */
public final class Roles {
  private static final String PREFIX = "ROLE_";

  private Roles() {}

  public static Optional<Role> fromAttribute(String attribute) {
    if (attribute == null || attribute.isEmpty()) {
      return Optional.empty();
    }
    try {
      Role role = Role.valueOf(PREFIX + attribute.toUpperCase(Locale.ROOT));
      return role == Role.ROLE_UNSPECIFIED ? Optional.empty() : Optional.of(role);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static String attribute(Role role) {
    return role.name().substring(PREFIX.length()).toLowerCase(Locale.ROOT);
  }
}
