package org.chipledger.chaincode.chip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class ChipKeyCheckTest {
  @Test
  void aPrewarmedKeyIsTakenOnceAndThenParsedAgain() throws Exception {
    ByteString p256 = key("secp256r1");
    ChipKeyCheck.prewarm(p256);
    assertThat(ChipKeyCheck.remembered().contains(p256)).isTrue();
    assertThat(ChipKeyCheck.take(p256)).isEmpty();
    assertThat(ChipKeyCheck.remembered().contains(p256)).isFalse();
    // Taken again without a warm entry: the rules parse it themselves, same verdict.
    assertThat(ChipKeyCheck.take(p256)).isEmpty();
  }

  @Test
  void lotsInFlightThatShareAKeyEachFindTheirPrewarm() throws Exception {
    ByteString shared = key("secp256r1");
    ChipKeyCheck.prewarm(shared);
    ChipKeyCheck.prewarm(shared);
    assertThat(ChipKeyCheck.take(shared)).isEmpty();
    assertThat(ChipKeyCheck.remembered()).contains(shared);
    assertThat(ChipKeyCheck.take(shared)).isEmpty();
    assertThat(ChipKeyCheck.remembered()).doesNotContain(shared);
  }

  @Test
  void prewarmingABadKeyCannotMakeTheRulesAcceptIt() throws Exception {
    ByteString junk = ByteString.copyFromUtf8("junk");
    ByteString p384 = key("secp384r1");
    ChipKeyCheck.prewarm(junk);
    ChipKeyCheck.prewarm(p384);
    assertThat(ChipKeyCheck.remembered()).doesNotContain(junk, p384);
    assertThat(ChipKeyCheck.take(junk))
        .hasValueSatisfying(
            problem -> assertThat(problem).startsWith("key is not a DER SubjectPublicKeyInfo"));
    assertThat(ChipKeyCheck.take(p384)).contains("key is not ECDSA P-256");
  }

  private static ByteString key(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return ByteString.copyFrom(generator.generateKeyPair().getPublic().getEncoded());
  }
}
