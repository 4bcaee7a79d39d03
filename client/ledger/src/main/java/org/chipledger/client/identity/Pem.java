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
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.provider());
    try {
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "expected an unencrypted PEM private key, found "
            + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
  }

  /** Reads a public key from a PEM "PUBLIC KEY" block or from a PEM certificate. */
  static PublicKey parsePublicKey(String pem) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a PEM public key or certificate: " + e.getMessage(), e);
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.provider());
    try {
      if (parsed instanceof SubjectPublicKeyInfo info) {
        return converter.getPublicKey(info);
      }
      if (parsed instanceof X509CertificateHolder certificate) {
        return converter.getPublicKey(certificate.getSubjectPublicKeyInfo());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable public key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "expected a PEM public key or certificate, found "
            + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
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
