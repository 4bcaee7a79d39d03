package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.chipledger.client.identity.Identity;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.chipledger.proto.ledger.v1.TxProposal;

/** Builds and signs transaction proposals the way a Fabric client does. */
final class Proposals {
  private static final int NONCE_BYTES = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Proposals() {}

  /** {@code hex(SHA-256(nonce || creator))}: unique per proposal and bound to its signer. */
  static String txId(byte[] nonce, byte[] creator) {
    return Sha256.hex(Sha256.of(nonce, creator));
  }

  static SignedTx signed(Identity identity, String function, List<String> args) {
    return signed(identity, function, args, Instant.now());
  }

  /** A proposal dated {@code now}: the ledger refuses one outside its skew window. */
  static SignedTx signed(Identity identity, String function, List<String> args, Instant now) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] creator = identity.serialized();
    byte[] proposal =
        TxProposal.newBuilder()
            .setTxId(txId(nonce, creator))
            .setCreator(ByteString.copyFrom(creator))
            .setNonce(ByteString.copyFrom(nonce))
            .setTimestamp(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .setFunction(function)
            .addAllArgs(args)
            .build()
            .toByteArray();
    return SignedTx.newBuilder()
        .setProposal(ByteString.copyFrom(proposal))
        .setSignature(ByteString.copyFrom(identity.sign(proposal)))
        .build();
  }

  static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
