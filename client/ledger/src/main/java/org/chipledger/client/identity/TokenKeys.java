package org.chipledger.client.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What a key kept in a PKCS#11 token needs from Bouncy Castle (issue 16 item 1): a self-signed
 * certificate, made by the token's own signature, under which a PKCS#11 key store lists the private
 * key; and the token's ECDSA signatures in the low-S form Fabric-style verifiers expect.
 */
public final class TokenKeys {
  private TokenKeys() {}

  /** A certificate for {@code pair} signed inside the token by its private key. */
  public static X509Certificate selfSigned(String commonName, KeyPair pair, Provider token)
      throws GeneralSecurityException {
    X500Name name = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", "_"));
    // Valid from 1970 to 9999-12-31, the end of X.509 time: it names a key, it vouches for nothing.
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.ONE,
            new Date(0),
            new Date(253_402_300_799_000L),
            name,
            pair.getPublic());
    try {
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(token);
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(signer.build(pair.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("the token cannot sign a certificate", e);
    }
  }

  /** {@code der} with s at most half of {@code order}: the same signature, in its unique form. */
  public static byte[] lowS(byte[] der, BigInteger order) {
    try {
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order, der);
      return rs[1].compareTo(order.shiftRight(1)) <= 0
          ? StandardDSAEncoding.INSTANCE.encode(order, rs[0], rs[1])
          : StandardDSAEncoding.INSTANCE.encode(order, rs[0], order.subtract(rs[1]));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a DER ECDSA signature", e);
    }
  }
}
