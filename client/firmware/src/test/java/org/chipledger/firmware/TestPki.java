package org.chipledger.firmware;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA with an agent (server, SAN 127.0.0.1/localhost) and a chip TLS identity. */
final class TestPki {
  final Path caPem;
  final Path agentCert;
  final Path agentKey;
  final Path chipCert;
  final Path chipKey;

  TestPki(Path dir, String name) throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    KeyPair ca = keys();
    X500Name caName = new X500Name("CN=" + name + " CA");
    X509Certificate caCert = sign(caName, caName, ca, ca.getPrivate(), true, false);
    KeyPair agent = keys();
    KeyPair chip = keys();
    caPem = write(dir.resolve(name + "-ca.pem"), caCert);
    agentCert =
        write(
            dir.resolve(name + "-agent.pem"),
            sign(caName, new X500Name("CN=agent"), agent, ca.getPrivate(), false, true));
    agentKey =
        write(
            dir.resolve(name + "-agent.key"),
            new JcaPKCS8Generator(agent.getPrivate(), null).generate());
    chipCert =
        write(
            dir.resolve(name + "-chip.pem"),
            sign(caName, new X500Name("CN=CHIP-7"), chip, ca.getPrivate(), false, false));
    chipKey =
        write(
            dir.resolve(name + "-chip.key"),
            new JcaPKCS8Generator(chip.getPrivate(), null).generate());
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(
      X500Name issuer,
      X500Name subject,
      KeyPair subjectKeys,
      PrivateKey issuerKey,
      boolean ca,
      boolean server)
      throws IOException, GeneralSecurityException {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(subject.hashCode())),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (server) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(pemObject);
    }
    Files.writeString(file, text.toString());
    return file;
  }
}
