package org.chipledger.chaincode.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.KeyPair;
import org.chipledger.chaincode.testing.ChipSigner;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.junit.jupiter.api.Test;

class PrecheckedSignaturesTest {
  private static final ChipSignatureCheck RULES = new ChipKeyring(4);

  @Test
  void aPrecheckedSignatureIsTakenOnceThenVerifiedAgain() {
    KeyPair chip = ChipSigner.newKeyPair();
    SignedSnapshotRecord signed = ChipSigner.signWith(chip, record("SN-P1"));
    ByteString key = ByteString.copyFrom(chip.getPublic().getEncoded());
    byte[] message = signed.getRecord().toByteArray();
    byte[] signature = signed.getSignature().toByteArray();
    PrecheckedSignatures.prewarm(key, message, signature, RULES);
    // The rules' own check says no to everything here: only the pre-check can say yes, once.
    ChipSignatureCheck rules = PrecheckedSignatures.over((k, m, s) -> false);
    assertThat(rules.verify(key, message, signature)).isTrue();
    assertThat(rules.verify(key, message, signature)).isFalse();
  }

  @Test
  void aForgeryIsNeverRememberedAndAnotherKeyOrMessageDoesNotMatch() {
    KeyPair chip = ChipSigner.newKeyPair();
    KeyPair impostor = ChipSigner.newKeyPair();
    SignedSnapshotRecord forged = ChipSigner.signWith(impostor, record("SN-P2"));
    ByteString key = ByteString.copyFrom(chip.getPublic().getEncoded());
    PrecheckedSignatures.prewarm(
        key, forged.getRecord().toByteArray(), forged.getSignature().toByteArray(), RULES);
    ChipSignatureCheck rules = PrecheckedSignatures.over(RULES);
    assertThat(
            rules.verify(
                key, forged.getRecord().toByteArray(), forged.getSignature().toByteArray()))
        .isFalse();

    SignedSnapshotRecord honest = ChipSigner.signWith(chip, record("SN-P3"));
    PrecheckedSignatures.prewarm(
        key, honest.getRecord().toByteArray(), honest.getSignature().toByteArray(), RULES);
    ChipSignatureCheck never = PrecheckedSignatures.over((k, m, s) -> false);
    assertThat(
            never.verify(
                ByteString.copyFrom(impostor.getPublic().getEncoded()),
                honest.getRecord().toByteArray(),
                honest.getSignature().toByteArray()))
        .isFalse();
    assertThat(
            never.verify(key, record("SN-P4").toByteArray(), honest.getSignature().toByteArray()))
        .isFalse();
    assertThat(
            never.verify(
                key, honest.getRecord().toByteArray(), honest.getSignature().toByteArray()))
        .isTrue();
  }

  private static SnapshotRecord record(String serial) {
    return SnapshotRecord.newBuilder()
        .setChipSerial(serial)
        .setCounter(1)
        .setWeightHash(ByteString.copyFrom(new byte[32]))
        .setPrevRecordHash(SnapshotRules.GENESIS)
        .build();
  }
}
