package org.chipledger.client.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;

/**
 * The start-up check a provider must pass before it verifies anything: a known answer made by
 * another tool (OpenSSL 3.0, P-256 key and signature below), and the refusals that keep the rules
 * the same as Bouncy Castle's. A provider that says yes too easily, or no to a valid signature, is
 * passed over.
 */
final class SignatureSelfTest {
  /** An OpenSSL-generated P-256 public key, X.509 SubjectPublicKeyInfo DER. */
  private static final byte[] KEY =
      Base64.getDecoder()
          .decode(
              "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEoFEuD05qZpqHAS9ygiKNYxl/8mkm2CdpGix8vyn1l6NQGTmG"
                  + "9MX5amIHV7y3tQMDk5Y7C5q75NnuR2yvpr3NDw==");

  private static final byte[] MESSAGE =
      "chipledger signature self-test: known answer".getBytes(StandardCharsets.US_ASCII);

  /** {@code openssl dgst -sha256 -sign} of MESSAGE by KEY's private half: low S. */
  private static final byte[] SIGNATURE =
      Base64.getDecoder()
          .decode(
              "MEQCICUnnrUtRyjkDUUhqzxtSY5NacJ/PCsHIcIJMclbPDvaAiBalbfRH5I1xVikoBPIQL3PFUw59zE0sHg2"
                  + "Vj/5tPOFAw==");

  /** The same signature with S replaced by n - S (computed apart, checked by OpenSSL): high S. */
  private static final byte[] HIGH_S =
      Base64.getDecoder()
          .decode(
              "MEUCICUnnrUtRyjkDUUhqzxtSY5NacJ/PCsHIcIJMclbPDvaAiEApWpILeBtyjunW1/sN79CMKeawLZ14u4M"
                  + "vWOKyUdvoE4=");

  private SignatureSelfTest() {}

  /** Null if {@code service} passes, else what it got wrong. */
  static String run(SignatureService service) {
    if (!service.verifyByProvider(KEY, MESSAGE, SIGNATURE)) {
      return "refused the known-answer signature";
    }
    if (!service.verifyLowS(publicKey(), MESSAGE, SIGNATURE)
        || !service.verifyAnyS(KEY, MESSAGE, SIGNATURE)) {
      return "refused the known-answer signature through the service";
    }
    byte[] otherMessage = MESSAGE.clone();
    otherMessage[0] ^= 1;
    if (service.verifyByProvider(KEY, otherMessage, SIGNATURE)) {
      return "accepted the signature over another message";
    }
    byte[] flippedR = SIGNATURE.clone();
    flippedR[10] ^= 0x40;
    if (service.verifyByProvider(KEY, MESSAGE, flippedR)) {
      return "accepted a signature with a changed r";
    }
    if (service.verifyByProvider(KEY, MESSAGE, Arrays.copyOf(SIGNATURE, SIGNATURE.length - 1))
        || service.verifyAnyS(KEY, MESSAGE, Arrays.copyOf(SIGNATURE, SIGNATURE.length - 1))) {
      return "accepted a truncated signature";
    }
    if (!service.verifyByProvider(KEY, MESSAGE, HIGH_S)) {
      // The chaincode (Bouncy Castle) accepts a chip's high-S signature: so must the provider.
      return "refused the high-S form, which Bouncy Castle accepts";
    }
    if (service.verifyLowS(publicKey(), MESSAGE, HIGH_S)) {
      return "accepted a high-S signature under Fabric's low-S rule";
    }
    return signsWhatOthersVerify(service);
  }

  /** A signature made by the provider verifies with Bouncy Castle, and is low-S once normalised. */
  private static String signsWhatOthersVerify(SignatureService service) {
    KeyPair pair = ChipKeys.derive(0x5e1f7e57L, 1);
    try {
      byte[] raw = service.signByProvider(pair.getPrivate(), MESSAGE);
      EcdsaEngine bc = new EcdsaEngine(SignatureProvider.BOUNCY_CASTLE, BouncyCastle.provider());
      if (!bc.verify(pair.getPublic(), MESSAGE, raw)) {
        return "made a signature that Bouncy Castle refuses";
      }
      byte[] normalised = service.sign(pair.getPrivate(), MESSAGE);
      if (!service.verifyLowS(pair.getPublic(), MESSAGE, normalised)
          || !bc.verify(pair.getPublic(), MESSAGE, normalised)) {
        return "its low-S signature does not verify";
      }
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return "could not sign: " + e;
    }
  }

  private static java.security.PublicKey publicKey() {
    try {
      return java.security.KeyFactory.getInstance("EC", BouncyCastle.provider())
          .generatePublic(new java.security.spec.X509EncodedKeySpec(KEY));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the self-test key does not parse", e);
    }
  }
}
