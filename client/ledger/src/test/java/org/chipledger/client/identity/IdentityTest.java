package org.chipledger.client.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.Test;

class IdentityTest {
  private final Identity alice =
      CertificateAuthority.create("TWMSP", "ca.tw").issue("alice", Map.of("role", "fab"));

  @Test
  void serializedIsAFabricSerializedIdentityWithThePemCertificate() throws Exception {
    SerializedIdentity parsed = SerializedIdentity.parseFrom(alice.serialized());
    assertThat(parsed.getMspid()).isEqualTo("TWMSP");
    assertThat(parsed.getIdBytes().toString(StandardCharsets.UTF_8))
        .isEqualTo(alice.certificatePem())
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void signaturesVerifyWithTheJdkAndAreAlwaysLowS() throws Exception {
    BigInteger halfOrder =
        ((ECPublicKey) alice.certificate().getPublicKey()).getParams().getOrder().shiftRight(1);
    for (int i = 0; i < 200; i++) {
      byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] signature = alice.sign(message);

      BigInteger s =
          ASN1Integer.getInstance(ASN1Sequence.getInstance(signature).getObjectAt(1)).getValue();
      assertThat(s).isLessThanOrEqualTo(halfOrder);
      Signature jdk = Signature.getInstance("SHA256withECDSA");
      jdk.initVerify(alice.certificate().getPublicKey());
      jdk.update(message);
      assertThat(jdk.verify(signature)).isTrue();
    }
  }

  @Test
  void nameAndAttributesComeFromTheCertificate() {
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.attributes()).containsExactly(Map.entry("role", "fab"));
    assertThat(alice.toString()).doesNotContain("private").contains("alice");
  }
}
