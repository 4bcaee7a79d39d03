package org.chipledger.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.chipledger.chaincode.snapshot.ChipKeyring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The signature service: self-test at selection, and the same verdicts as Bouncy Castle. */
class SignatureServiceTest {
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  @Test
  void aProviderThatAcceptsEverythingIsPassedOverForBouncyCastle() {
    SignatureService service =
        SignatureService.select(
            List.of(SignatureProvider.AMAZON_CORRETTO), p -> FakeProviders.answering(true));

    assertThat(service.provider()).isEqualTo(SignatureProvider.BOUNCY_CASTLE);
    assertThat(service.skipped()).singleElement().asString().contains("accp").contains("accepted");
    KeyPair pair = ChipKeys.derive(7, 7);
    byte[] message = "transfer chip 7".getBytes(StandardCharsets.UTF_8);
    byte[] forged = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    assertThat(service.verifyLowS(pair.getPublic(), message, forged)).isFalse();
    assertThat(service.verifyAnyS(pair.getPublic().getEncoded(), message, forged)).isFalse();
  }

  @Test
  void aProviderThatRefusesEverythingIsPassedOver() {
    SignatureService service =
        SignatureService.select(
            List.of(SignatureProvider.CONSCRYPT), p -> FakeProviders.answering(false));

    assertThat(service.provider()).isEqualTo(SignatureProvider.BOUNCY_CASTLE);
    assertThat(service.skipped()).singleElement().asString().contains("known-answer");
  }

  @Test
  void aProviderThatDoesNotLoadIsPassedOver() {
    SignatureService service =
        SignatureService.select(
            List.of(SignatureProvider.AMAZON_CORRETTO, SignatureProvider.CONSCRYPT),
            p -> {
              throw new IllegalStateException("no native library for " + p.shortName());
            });

    assertThat(service.provider()).isEqualTo(SignatureProvider.BOUNCY_CASTLE);
    assertThat(service.skipped()).hasSize(2);
    assertThat(service.skipped().get(0)).contains("no native library for accp");
  }

  @Test
  void theProcessServiceIsANativeProviderOnThisMachine() {
    // Both native jars are dependencies and load on linux-x86_64 with a recent glibc.
    assumeTrue("amd64".equals(System.getProperty("os.arch")));
    assertThat(SignatureService.get().provider()).isNotEqualTo(SignatureProvider.BOUNCY_CASTLE);
  }

  @ParameterizedTest
  @EnumSource(SignatureProvider.class)
  void signaturesAreLowSAndVerifyWithTheJdk(SignatureProvider which) throws Exception {
    SignatureService service = forced(which);
    KeyPair pair = ChipKeys.derive(11, 3);
    for (int i = 0; i < 50; i++) {
      byte[] message = ("record " + i).getBytes(StandardCharsets.UTF_8);
      byte[] signature = service.sign(pair.getPrivate(), message);

      assertThat(s(signature)).isLessThanOrEqualTo(N.shiftRight(1));
      Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
      jdk.initVerify(
          java.security.KeyFactory.getInstance("EC", "SunEC")
              .generatePublic(
                  new java.security.spec.X509EncodedKeySpec(pair.getPublic().getEncoded())));
      jdk.update(message);
      assertThat(jdk.verify(signature)).isTrue();
    }
  }

  /**
   * The cheater sends a valid signature bent every way it can (flipped bits, cut or padded DER,
   * long-form lengths, high S, zero or out-of-range integers): each provider's verdict must be the
   * chaincode's (Bouncy Castle's ChipKeyring) for chip records, and that plus low S for Fabric.
   */
  @ParameterizedTest
  @EnumSource(SignatureProvider.class)
  void everyMutationGetsBouncyCastlesVerdict(SignatureProvider which) {
    SignatureService service = forced(which);
    ChipKeyring chaincode = new ChipKeyring(16);
    Random random = new Random(0xC0FFEEL + which.code());
    KeyPair pair = ChipKeys.derive(19, which.code());
    ByteString spki = ByteString.copyFrom(pair.getPublic().getEncoded());
    int accepted = 0;
    for (int round = 0; round < 150; round++) {
      byte[] message = ("snapshot " + round).getBytes(StandardCharsets.UTF_8);
      byte[] valid = service.sign(pair.getPrivate(), message);
      for (byte[] candidate : mutations(valid, random)) {
        boolean reference = chaincode.verify(spki, message, candidate);
        assertThat(service.verifyAnyS(spki.toByteArray(), message, candidate))
            .as("chip rule, %s, %s", which, Arrays.toString(candidate))
            .isEqualTo(reference);
        boolean lowS = reference && s(candidate).compareTo(N.shiftRight(1)) <= 0;
        assertThat(service.verifyLowS(pair.getPublic(), message, candidate))
            .as("Fabric rule, %s, %s", which, Arrays.toString(candidate))
            .isEqualTo(lowS);
        accepted += reference ? 1 : 0;
      }
    }
    // The valid and high-S forms of each round: the generator did not only make garbage.
    assertThat(accepted).isGreaterThanOrEqualTo(300);
  }

  private static SignatureService forced(SignatureProvider which) {
    SignatureService service =
        SignatureService.select(
            List.of(which),
            p -> {
              try {
                return p.load();
              } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
              }
            });
    assumeTrue(service.provider() == which, () -> which + " does not load: " + service.skipped());
    return service;
  }

  private static List<byte[]> mutations(byte[] valid, Random random) {
    List<byte[]> out = new ArrayList<>();
    out.add(valid);
    BigInteger r = r(valid);
    BigInteger s = s(valid);
    out.add(der(r, N.subtract(s)));
    out.add(der(r, s.add(N)));
    out.add(der(BigInteger.ZERO, s));
    out.add(der(r, BigInteger.ZERO));
    out.add(der(N.add(r), s));
    byte[] flipped = valid.clone();
    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
    out.add(flipped);
    out.add(Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)));
    out.add(Arrays.copyOf(valid, valid.length + 1));
    byte[] longForm = new byte[valid.length + 1];
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    System.arraycopy(valid, 1, longForm, 2, valid.length - 1);
    out.add(longForm);
    byte[] junk = new byte[random.nextInt(80)];
    random.nextBytes(junk);
    out.add(junk);
    return out;
  }

  private static byte[] der(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    byte[] out = new byte[6 + rb.length + sb.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + rb.length + sb.length);
    out[2] = 0x02;
    out[3] = (byte) rb.length;
    System.arraycopy(rb, 0, out, 4, rb.length);
    out[4 + rb.length] = 0x02;
    out[5 + rb.length] = (byte) sb.length;
    System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
    return out;
  }

  private static BigInteger r(byte[] der) {
    return ASN1Integer.getInstance(ASN1Sequence.getInstance(der).getObjectAt(0)).getValue();
  }

  /** S of a parseable signature; for garbage, a value above n/2 so the low-S oracle says no. */
  private static BigInteger s(byte[] der) {
    try {
      return ASN1Integer.getInstance(ASN1Sequence.getInstance(der).getObjectAt(1)).getValue();
    } catch (RuntimeException e) {
      return N;
    }
  }
}
