package org.chipledger.chaincode.ledger;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of identifiers and counts that every rule applies to its input. */
public final class Checks {
  /** Identifiers go into composite keys, so they must never contain the key delimiter. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  /** The most chips one transaction may touch: bounds transaction size on every backend. */
  public static final int MAX_CHIPS_PER_TX = 1000;

  private Checks() {}

  public static String id(String what, String value) {
    return matching(ID, what, value, "must be 1-128 characters of A-Z a-z 0-9 . _ : / -");
  }

  public static String country(String what, String value) {
    return matching(COUNTRY, what, value, "must be an ISO 3166 alpha-2 code such as TW");
  }

  private static String matching(Pattern pattern, String what, String value, String rule) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new RuleViolation(ErrorCode.MALFORMED_ARGUMENT, what + " '" + value + "' " + rule);
    }
    return value;
  }

  /** A non-empty list of distinct, well-formed serials, at most {@link #MAX_CHIPS_PER_TX}. */
  public static void serials(Collection<String> serials) {
    if (serials.isEmpty()) {
      throw new RuleViolation(ErrorCode.MALFORMED_ARGUMENT, "no chips given");
    }
    if (serials.size() > MAX_CHIPS_PER_TX) {
      throw new RuleViolation(
          ErrorCode.LOT_TOO_LARGE,
          serials.size() + " chips in one transaction; the limit is " + MAX_CHIPS_PER_TX);
    }
    Set<String> seen = new HashSet<>();
    for (String serial : serials) {
      id("serial", serial);
      if (!seen.add(serial)) {
        throw new RuleViolation(
            ErrorCode.DUPLICATE_SERIAL, "serial " + serial + " is listed twice");
      }
    }
  }

  /** A DER SubjectPublicKeyInfo of a P-256 key, else MALFORMED_ARGUMENT naming {@code what}. */
  public static void p256Key(com.google.protobuf.ByteString der, String what) {
    try {
      var key =
          java.security.KeyFactory.getInstance("EC")
              .generatePublic(new java.security.spec.X509EncodedKeySpec(der.toByteArray()));
      require(
          key instanceof java.security.interfaces.ECPublicKey ec
              && ec.getParams().getCurve().getField().getFieldSize() == 256,
          ErrorCode.MALFORMED_ARGUMENT,
          what + " must be a P-256 public key");
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw new RuleViolation(
          ErrorCode.MALFORMED_ARGUMENT, what + " does not decode: " + e.getMessage());
    }
  }

  public static void require(boolean condition, ErrorCode code, String detail) {
    if (!condition) {
      throw new RuleViolation(code, detail);
    }
  }
}
