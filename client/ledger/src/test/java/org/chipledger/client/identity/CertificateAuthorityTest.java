package org.chipledger.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  private static final Map<String, String> FAB_TW =
      Map.of("role", "fab", "country", "TW", "org", "fab-tw");

  @TempDir Path dir;

  @Test
  void aNewRootIsASelfSignedP256CaCertificate() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("TWMSP", "ca.tw.example");
    X509Certificate cert = ca.certificate();

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=ca.tw.example,O=TWMSP");
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(cert.getKeyUsage()[6]).as("cRLSign").isTrue();
    assertThat(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
        .isGreaterThan(Duration.ofDays(3650));
    cert.verify(cert.getPublicKey());
    assertThat(ca.mspId()).isEqualTo("TWMSP");
  }

  @Test
  void issuedCertificatesCarryFabricMspFieldsAndTheAttributeExtension() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("TWMSP", "ca.tw.example");
    Identity user = ca.issue("alice", FAB_TW);
    X509Certificate cert = user.certificate();

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=alice,OU=client,O=TWMSP");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    byte[] caSki =
        ASN1OctetString.getInstance(
                ASN1OctetString.getInstance(
                        ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                    .getOctets())
            .getOctets();
    AuthorityKeyIdentifier aki =
        AuthorityKeyIdentifier.getInstance(
            ASN1OctetString.getInstance(
                    cert.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                .getOctets());
    assertThat(aki.getKeyIdentifierOctets()).isEqualTo(caSki);
    byte[] raw =
        ASN1OctetString.getInstance(cert.getExtensionValue("1.2.3.4.5.6.7.8.1")).getOctets();
    assertThat(new String(raw, StandardCharsets.UTF_8))
        .isEqualTo("{\"attrs\":{\"country\":\"TW\",\"org\":\"fab-tw\",\"role\":\"fab\"}}");
    assertThat(cert.getNonCriticalExtensionOIDs()).contains("1.2.3.4.5.6.7.8.1");
    cert.verify(ca.certificate().getPublicKey());
    assertThat(user.name()).isEqualTo("alice");
    assertThat(user.attributes()).containsExactlyEntriesOf(new TreeMap<>(FAB_TW));
  }

  @Test
  void noAttributesMeansNoExtension() {
    Identity user = CertificateAuthority.create("TWMSP", "ca").issue("bob", Map.of());
    assertThat(user.certificate().getExtensionValue("1.2.3.4.5.6.7.8.1")).isNull();
    assertThat(user.attributes()).isEmpty();
  }

  @Test
  void theShimsClientIdentityReadsMspIdAndAttributes() throws Exception {
    Identity user = CertificateAuthority.create("TWMSP", "ca.tw.example").issue("alice", FAB_TW);
    ChaincodeStub stub =
        (ChaincodeStub)
            Proxy.newProxyInstance(
                ChaincodeStub.class.getClassLoader(),
                new Class<?>[] {ChaincodeStub.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getCreator")) {
                    return user.serialized();
                  }
                  throw new UnsupportedOperationException(method.getName());
                });

    ClientIdentity identity = new ClientIdentity(stub);

    assertThat(identity.getMSPID()).isEqualTo("TWMSP");
    assertThat(identity.getAttributeValue("role")).isEqualTo("fab");
    assertThat(identity.getAttributeValue("country")).isEqualTo("TW");
    assertThat(identity.getAttributeValue("org")).isEqualTo("fab-tw");
    assertThat(identity.getId()).contains("CN=alice").contains("OU=client");
  }

  @Test
  void saveAndLoadRoundTripWithAPrivateKeyFile() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("TWMSP", "ca.tw.example");
    ca.save(dir);

    Path key = dir.resolve("ca-key.pem");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca-cert.pem"), key);
    assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    assertThat(loaded.mspId()).isEqualTo("TWMSP");
    loaded.issue("carol", Map.of()).certificate().verify(ca.certificate().getPublicKey());
    assertThatThrownBy(() -> ca.save(dir)).hasMessageContaining("refusing to overwrite");
  }

  @Test
  void aCryptogenStyleCaLoads() throws Exception {
    // cryptogen writes ca/<host>-cert.pem and a PKCS#8 key named priv_sk.
    CertificateAuthority original =
        CertificateAuthority.create("org1.example.com", "ca.org1.example.com");
    Path ca = Files.createDirectories(dir.resolve("ca"));
    Files.writeString(ca.resolve("ca.org1.example.com-cert.pem"), original.certificatePem());
    Files.writeString(ca.resolve("priv_sk"), Pem.privateKey(privateKeyOf(original)));

    CertificateAuthority loaded =
        CertificateAuthority.load(
            ca.resolve("ca.org1.example.com-cert.pem"), ca.resolve("priv_sk"));

    assertThat(loaded.certificate()).isEqualTo(original.certificate());
    loaded
        .issue("user1", Map.of("role", "fab"))
        .certificate()
        .verify(original.certificate().getPublicKey());
  }

  @Test
  void anIssuedCertificateNeverPredatesItsIssuer() throws Exception {
    // cryptogen's CAs start at creation; a user certificate backdated before that was refused by
    // Fabric's MSP, which validates the chain at the leaf's notBefore plus one second.
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=ca.fresh.example,O=fresh.example");
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate root =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(start),
                        Date.from(start.plus(Duration.ofDays(1))),
                        name,
                        keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    Files.writeString(dir.resolve("ca-cert.pem"), Pem.certificate(root));
    Files.writeString(dir.resolve("ca-key.pem"), Pem.privateKey(keys.getPrivate()));
    CertificateAuthority ca =
        CertificateAuthority.load(dir.resolve("ca-cert.pem"), dir.resolve("ca-key.pem"));

    for (X509Certificate leaf :
        List.of(
            ca.issue("user1", Map.of()).certificate(),
            ca.issueTls("agent", List.of("127.0.0.1")).certificate())) {
      assertThat(leaf.getNotBefore()).isAfterOrEqualTo(root.getNotBefore());
      // What Fabric does: the issuer must be valid at the leaf's notBefore + 1 s.
      root.checkValidity(Date.from(leaf.getNotBefore().toInstant().plusSeconds(1)));
    }
  }

  @Test
  void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
    CertificateAuthority one = CertificateAuthority.create("A", "ca.a");
    CertificateAuthority other = CertificateAuthority.create("B", "ca.b");
    Files.writeString(dir.resolve("cert.pem"), one.certificatePem());
    Files.writeString(dir.resolve("key.pem"), Pem.privateKey(privateKeyOf(other)));

    assertThatThrownBy(
            () -> CertificateAuthority.load(dir.resolve("cert.pem"), dir.resolve("key.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
  }

  /** The CA's key, recovered the way a test can: from a saved copy. */
  private PrivateKey privateKeyOf(CertificateAuthority ca) throws Exception {
    Path copy = Files.createTempDirectory(dir, "copy");
    Files.delete(copy);
    ca.save(copy);
    return Pem.parsePrivateKey(Files.readString(copy.resolve("ca-key.pem")));
  }
}
