package org.chipledger.app.dashboard;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.VerificationRequest;

/**
 * The dashboard's one write: an inspector's request to verify a run, signed with the inspector's
 * identity and allowed only to a caller that presents this start's secret token.
 */
public final class InspectorAction {
  private static final String BEARER = "Bearer ";

  private final LedgerClient inspector;
  private final String inspectorName;
  private final String token;

  private InspectorAction(LedgerClient inspector, String inspectorName, String token) {
    this.inspector = inspector;
    this.inspectorName = inspectorName;
    this.token = token;
  }

  /** The action as {@code inspector}, with a fresh random token (256 bits). */
  public static InspectorAction withFreshToken(LedgerClient inspector, String inspectorName) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new InspectorAction(
        inspector, inspectorName, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The token to show once at start. */
  public String token() {
    return token;
  }

  String inspectorName() {
    return inspectorName;
  }

  /**
   * Submits the request in {@code body} (a RequestVerificationRequest in JSON) if {@code
   * authorization} carries the token.
   */
  VerificationRequest request(String authorization, String body) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      throw new LedgerException(
          ErrorCode.DASHBOARD_TOKEN_MISSING,
          "send the token printed at the dashboard's start as 'Authorization: Bearer TOKEN'");
    }
    byte[] presented =
        authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
    // Constant-time, so response times do not leak how much of a guess was right.
    if (!MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8))) {
      throw new LedgerException(
          ErrorCode.DASHBOARD_TOKEN_INVALID, "the token is not this dashboard start's token");
    }
    RequestVerificationRequest.Builder request = RequestVerificationRequest.newBuilder();
    try {
      JsonFormat.parser().merge(body, request);
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT,
          "the body is not a verification request: " + e.getMessage());
    }
    return inspector.requestVerification(request.build());
  }
}
