package org.chipledger.client.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encoding of certificates and PKCS#8 keys, and the files that hold them. */
final class Pem {
  private Pem() {}

  static String certificate(X509Certificate certificate) {
    return write(certificate);
  }

  /** PKCS#8 ("BEGIN PRIVATE KEY"), the form cryptogen, Fabric CA and gRPC all read. */
  static String privateKey(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null).generate());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode private key as PKCS#8", e);
    }
  }

  static X509Certificate parseCertificate(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509", BouncyCastle.provider());
      return (X509Certificate)
          factory.generateCertificate(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("not a PEM X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** Reads a PKCS#8 key, or the SEC1 "EC PRIVATE KEY" form that older tools write. */
  static PrivateKey parsePrivateKey(String pem) {
    return parse(pem, PRIVATE_KEY);
  }

  /** Reads a public key from a PEM "PUBLIC KEY" block or from a PEM certificate. */
  static PublicKey parsePublicKey(String pem) {
    return parse(pem, PUBLIC_KEY);
  }

  /** Turns one parsed PEM object into a key; null when the object is of another kind. */
  @FunctionalInterface
  private interface Conversion<T> {
    T apply(JcaPEMKeyConverter converter, Object parsed) throws IOException;
  }

  /** A kind of key that {@link #parse} reads, and how its errors name what was expected. */
  private record Kind<T>(
      String notA, String unreadable, String expected, Conversion<T> conversion) {}

  private static final Kind<PrivateKey> PRIVATE_KEY =
      new Kind<>(
          "PEM private key", "private key", "an unencrypted PEM private key", Pem::privateKeyOf);

  private static final Kind<PublicKey> PUBLIC_KEY =
      new Kind<>(
          "PEM public key or certificate",
          "public key",
          "a PEM public key or certificate",
          Pem::publicKeyOf);

  private static PrivateKey privateKeyOf(JcaPEMKeyConverter converter, Object parsed)
      throws IOException {
    if (parsed instanceof PEMKeyPair pair) {
      return converter.getKeyPair(pair).getPrivate();
    }
    return parsed instanceof PrivateKeyInfo info ? converter.getPrivateKey(info) : null;
  }

  private static <T> T parse(String pem, Kind<T> kind) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a " + kind.notA() + ": " + e.getMessage(), e);
    }
    T key;
    try {
      key =
          kind.conversion()
              .apply(new JcaPEMKeyConverter().setProvider(BouncyCastle.provider()), parsed);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "unreadable " + kind.unreadable() + ": " + e.getMessage(), e);
    }
    if (key == null) {
      throw new IllegalArgumentException(
          "expected "
              + kind.expected()
              + ", found "
              + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
    }
    return key;
  }

  private static PublicKey publicKeyOf(JcaPEMKeyConverter converter, Object parsed)
      throws IOException {
    if (parsed instanceof X509CertificateHolder certificate) {
      return converter.getPublicKey(certificate.getSubjectPublicKeyInfo());
    }
    return parsed instanceof SubjectPublicKeyInfo info ? converter.getPublicKey(info) : null;
  }

  /** PEM "PUBLIC KEY" (SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes it. */
  static String publicKey(PublicKey key) {
    return write(key);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a public file; refuses to replace an existing one so that no key material is lost. */
  static void writeNew(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("refusing to overwrite " + file, e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a private key readable by the owner only (mode 600) from the moment it exists. */
  static void writeNewSecret(Path file, String content) {
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
      } else {
        writeNew(file, content);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("refusing to overwrite " + file, e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String write(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("cannot PEM-encode " + object.getClass().getSimpleName(), e);
    }
    return out.toString();
  }
}
