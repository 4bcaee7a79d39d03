package org.chipledger.client.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An organisation's root CA (ECDSA P-256) that issues Fabric-compatible user certificates carrying
 * Fabric CA attributes; it can be created here or loaded from cryptogen output.
 */
public final class CertificateAuthority {
  private static final Duration CA_VALIDITY = Duration.ofDays(3652);
  private static final Duration USER_VALIDITY = Duration.ofDays(365);
  // Tolerates small clock differences between the issuing host and a validating peer.
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String mspId;
  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private CertificateAuthority(String mspId, X509Certificate certificate, PrivateKey privateKey) {
    this.mspId = mspId;
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /** A new self-signed root: {@code CN=<commonName>, O=<mspId>}, valid for ten years. */
  public static CertificateAuthority create(String mspId, String commonName) {
    requireText(mspId, "mspId");
    requireText(commonName, "commonName");
    KeyPair keys = newKeyPair();
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, mspId)
            .addRDN(BCStyle.CN, commonName)
            .build();
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serialNumber(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_VALIDITY)),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(mspId, sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create CA certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Loads a CA from PEM files: ours ({@code ca-cert.pem}, {@code ca-key.pem}) or cryptogen's
   * ({@code ca/<host>-cert.pem}, {@code ca/priv_sk}). The MSP id is taken from the subject's O.
   */
  public static CertificateAuthority load(Path certPem, Path keyPem) {
    X509Certificate certificate = Pem.parseCertificate(Pem.read(certPem));
    return load(organization(certificate), certificate, keyPem);
  }

  /** Loads a CA for a known MSP id (cryptogen's O is a domain name, not the MSP id). */
  static CertificateAuthority load(String mspId, Path certPem, Path keyPem) {
    return load(mspId, Pem.parseCertificate(Pem.read(certPem)), keyPem);
  }

  private static CertificateAuthority load(String mspId, X509Certificate certificate, Path keyPem) {
    PrivateKey key = Pem.parsePrivateKey(Pem.read(keyPem));
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "not a CA certificate: " + certificate.getSubjectX500Principal());
    }
    requireMatchingKey(certificate.getPublicKey(), key);
    return new CertificateAuthority(mspId, certificate, key);
  }

  /**
   * Writes {@code dir/ca-cert.pem} and {@code dir/ca-key.pem} (PKCS#8, mode 600); never overwrites.
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Pem.writeNewSecret(dir.resolve("ca-key.pem"), Pem.privateKey(privateKey));
    Pem.writeNew(dir.resolve("ca-cert.pem"), certificatePem());
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  public String mspId() {
    return mspId;
  }

  /**
   * Issues a P-256 user certificate {@code CN=<commonName>, OU=client, O=<mspId>} valid for a year.
   * OU=client lets it pass Fabric MSPs with NodeOUs enabled; non-empty attributes go into the
   * Fabric CA attribute extension.
   */
  public Identity issue(String commonName, Map<String, String> attributes) {
    Instant now = Instant.now();
    return issue(commonName, attributes, backdated(now), now.plus(USER_VALIDITY));
  }

  /**
   * Issues a TLS certificate for both ends of an mTLS link: {@code CN=<commonName>} with the given
   * host names or IP addresses as subject alternative names, for server and client auth. Snapshot
   * agents serve with one; chips (CN = serial) authenticate with one.
   */
  public Identity issueTls(String commonName, List<String> hosts) {
    Instant now = Instant.now();
    return issue(commonName, Map.of(), hosts, backdated(now), now.plus(USER_VALIDITY));
  }

  /**
   * {@code now} less the clock-skew allowance, but never before the CA's own start: Fabric's MSP
   * checks the whole chain at the leaf's notBefore (plus one second), so a leaf that predates a
   * freshly made cryptogen CA is refused as "creator org unknown".
   */
  private Instant backdated(Instant now) {
    Instant earliest = certificate.getNotBefore().toInstant();
    Instant skewed = now.minus(BACKDATE);
    return skewed.isBefore(earliest) ? earliest : skewed;
  }

  /** Issues with an explicit validity period, e.g. an already expired certificate for tests. */
  Identity issue(
      String commonName, Map<String, String> attributes, Instant notBefore, Instant notAfter) {
    return issue(commonName, attributes, List.of(), notBefore, notAfter);
  }

  private Identity issue(
      String commonName,
      Map<String, String> attributes,
      List<String> tlsHosts,
      Instant notBefore,
      Instant notAfter) {
    requireText(commonName, "commonName");
    Objects.requireNonNull(attributes, "attributes");
    FabricAttributes.requireValid(attributes);
    KeyPair keys = newKeyPair();
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, mspId)
            .addRDN(BCStyle.OU, "client")
            .addRDN(BCStyle.CN, commonName)
            .build();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serialNumber(),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  new AuthorityKeyIdentifier(caKeyId(ext)));
      if (!attributes.isEmpty()) {
        builder.addExtension(FabricAttributes.OID, false, FabricAttributes.encode(attributes));
      }
      if (!tlsHosts.isEmpty()) {
        GeneralName[] names = new GeneralName[tlsHosts.size()];
        for (int i = 0; i < names.length; i++) {
          String host = tlsHosts.get(i);
          names[i] =
              new GeneralName(
                  host.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName,
                  host);
        }
        builder
            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(
                    new KeyPurposeId[] {
                      KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }));
      }
      return new Identity(mspId, sign(builder, privateKey), keys.getPrivate());
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot issue certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority[mspId="
        + mspId
        + ", subject="
        + certificate.getSubjectX500Principal()
        + "]";
  }

  /** Fabric matches a user's AKI to its CA's SKI, so reuse the CA's own SKI when it has one. */
  private byte[] caKeyId(JcaX509ExtensionUtils ext) {
    byte[] ski = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ski != null) {
      return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getOctets();
    }
    return ext.createSubjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws GeneralSecurityException {
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder(EcdsaSignatures.ALGORITHM)
              .setProvider(BouncyCastle.provider())
              .build(signingKey);
      return new JcaX509CertificateConverter()
          .setProvider(BouncyCastle.provider())
          .getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a P-256 key: " + e.getMessage(), e);
    }
  }

  private static BigInteger serialNumber() {
    // 128 random bits, positive: unique without coordination, as RFC 5280 recommends.
    return new BigInteger(128, RANDOM).setBit(127);
  }

  private static void requireMatchingKey(PublicKey publicKey, PrivateKey privateKey) {
    byte[] probe = "chipledger key check".getBytes(StandardCharsets.UTF_8);
    if (!EcdsaSignatures.verify(publicKey, probe, EcdsaSignatures.sign(privateKey, probe))) {
      throw new IllegalArgumentException("the private key does not belong to the CA certificate");
    }
  }

  private static String organization(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] org = subject.getRDNs(BCStyle.O);
    if (org.length == 0) {
      throw new IllegalArgumentException(
          "CA certificate has no O to take the MSP id from: " + subject);
    }
    return IETFUtils.valueToString(org[0].getFirst().getValue());
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
