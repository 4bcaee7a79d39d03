package org.chipledger.client.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import org.chipledger.client.identity.EcdsaSignatures;

/**
 * The ledger node's signing key (P-256), kept in {@code node-key.pem} next to the databases and
 * readable by the owner only. Its public half is recorded in the genesis header, so a header
 * signature says the node wrote the header; the key is created with the ledger and never replaced.
 */
final class NodeKey {
  static final String FILE = "node-key.pem";
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private final PrivateKey privateKey;
  private final byte[] publicKey;

  private NodeKey(PrivateKey privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Creates a new key in {@code dir}: written to a mode-600 temporary file, then renamed. */
  static NodeKey create(Path dir) {
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      throw new IllegalStateException("refusing to replace the node key " + file);
    }
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the node key: " + e.getMessage(), e);
    }
    String pem =
        BEGIN
            + "\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n"
            + END
            + "\n";
    writeSecretAtomically(file, pem.getBytes(StandardCharsets.US_ASCII));
    return new NodeKey(pair.getPrivate(), pair.getPublic().getEncoded());
  }

  /** Loads the key in {@code dir}, which must be the one the genesis header names. */
  static NodeKey load(Path dir, byte[] genesisPublicKey) {
    Path file = dir.resolve(FILE);
    PrivateKey key;
    try {
      String pem = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (!pem.startsWith(BEGIN) || !pem.endsWith(END)) {
        throw new IllegalStateException(file + " is not a PEM private key");
      }
      byte[] der =
          Base64.getMimeDecoder()
              .decode(pem.substring(BEGIN.length(), pem.length() - END.length()));
      key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot read the node key " + file + ": " + e.getMessage(), e);
    }
    NodeKey node = new NodeKey(key, genesisPublicKey.clone());
    byte[] probe = "chipledger node key probe".getBytes(StandardCharsets.US_ASCII);
    if (!verify(genesisPublicKey, probe, node.sign(probe))) {
      throw new IllegalStateException(
          file + " is not the key named in the genesis block; this ledger cannot sign new blocks");
    }
    return node;
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  byte[] sign(byte[] message) {
    return EcdsaSignatures.sign(privateKey, message);
  }

  /** False for a malformed key or a signature that is not this key's over {@code message}. */
  static boolean verify(byte[] publicKeyDer, byte[] message, byte[] signature) {
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicKeyDer));
    } catch (GeneralSecurityException e) {
      return false;
    }
    return EcdsaSignatures.verify(key, message, signature);
  }

  private static void writeSecretAtomically(Path file, byte[] content) {
    Path temp = file.resolveSibling(FILE + ".tmp");
    try {
      Files.deleteIfExists(temp);
      boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (posix) {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(temp);
      }
      try (FileChannel channel =
          FileChannel.open(temp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.DSYNC))) {
        channel.write(ByteBuffer.wrap(content));
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write the node key " + file + ": " + e.getMessage(), e);
    }
  }
}
