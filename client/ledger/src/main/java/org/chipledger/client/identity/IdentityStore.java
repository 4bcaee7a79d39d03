package org.chipledger.client.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;

/**
 * Identities and CAs on disk: {@code <root>/<mspId>/ca/{ca-cert.pem,ca-key.pem}} and {@code
 * <root>/<mspId>/users/<name>/{cert.pem,key.pem}}; keys are PKCS#8 PEM with mode 600.
 */
public final class IdentityStore {
  // Names become path segments, so keep them to a portable, traversal-free alphabet.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

  private final Path root;

  public IdentityStore(Path root) {
    this.root = root;
  }

  /** Creates and saves a new root CA for an MSP; fails if the MSP already has one. */
  public CertificateAuthority createCa(String mspId) {
    Path dir = caDir(mspId);
    requireNoCa(mspId, dir);
    CertificateAuthority ca = CertificateAuthority.create(mspId, "ca." + mspId);
    ca.save(dir);
    return ca;
  }

  public Optional<CertificateAuthority> ca(String mspId) {
    Path dir = caDir(mspId);
    if (!Files.exists(dir.resolve("ca-cert.pem"))) {
      return Optional.empty();
    }
    return Optional.of(
        CertificateAuthority.load(mspId, dir.resolve("ca-cert.pem"), dir.resolve("ca-key.pem")));
  }

  /**
   * Copies an existing CA (for example cryptogen's {@code ca/*-cert.pem} and {@code priv_sk}) in.
   */
  public CertificateAuthority importCa(String mspId, Path certPem, Path keyPem) {
    Path dir = caDir(mspId);
    requireNoCa(mspId, dir);
    CertificateAuthority ca = CertificateAuthority.load(mspId, certPem, keyPem);
    ca.save(dir);
    return ca;
  }

  /**
   * Issues and saves a user identity with the {@code org}, {@code role} and {@code country}
   * attributes; blank attributes are left out of the certificate.
   */
  public Identity issue(String mspId, String name, String org, String role, String country) {
    Path dir = userDir(mspId, name);
    if (Files.exists(dir)) {
      throw new IllegalStateException("identity " + name + " already exists in MSP " + mspId);
    }
    CertificateAuthority ca =
        ca(mspId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "MSP " + mspId + " has no CA in " + root + "; create or import one first"));
    Map<String, String> attributes = new TreeMap<>();
    putIfPresent(attributes, "org", org);
    putIfPresent(attributes, "role", role);
    putIfPresent(attributes, "country", country);
    Identity identity = ca.issue(name, attributes);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Pem.writeNewSecret(dir.resolve("key.pem"), Pem.privateKey(identity.privateKey()));
    Pem.writeNew(dir.resolve("cert.pem"), identity.certificatePem());
    return identity;
  }

  /**
   * The identity a command line names: {@code MSP/NAME}, or {@code NAME} if exactly one MSP has it.
   * Unknown is UNTRUSTED_IDENTITY; a name in several MSPs is MALFORMED_ARGUMENT.
   */
  public Identity signer(String nameOrMspName) {
    String[] parts = nameOrMspName.split("/", 2);
    List<Identity> matches =
        parts.length == 2
            ? find(parts[0], parts[1]).stream().toList()
            : msps().stream().flatMap(msp -> find(msp, parts[0]).stream()).toList();
    if (matches.isEmpty()) {
      throw new LedgerException(
          ErrorCode.UNTRUSTED_IDENTITY,
          "no identity "
              + nameOrMspName
              + " in "
              + root
              + "; issue one with `chipledger identity issue`");
    }
    if (matches.size() > 1) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT,
          "identity " + parts[0] + " exists in several MSPs; write MSP/" + parts[0]);
    }
    return matches.get(0);
  }

  public Identity load(String mspId, String name) {
    return find(mspId, name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no identity " + name + " in MSP " + mspId + " under " + root));
  }

  public Optional<Identity> find(String mspId, String name) {
    Path dir = userDir(mspId, name);
    if (!Files.exists(dir.resolve("cert.pem"))) {
      return Optional.empty();
    }
    X509Certificate certificate = Pem.parseCertificate(Pem.read(dir.resolve("cert.pem")));
    return Optional.of(
        new Identity(mspId, certificate, Pem.parsePrivateKey(Pem.read(dir.resolve("key.pem")))));
  }

  /** MSP ids with a directory under the root, sorted. */
  public List<String> msps() {
    return sortedChildren(root);
  }

  /** User names of an MSP, sorted. */
  public List<String> users(String mspId) {
    return sortedChildren(root.resolve(checked(mspId, "MSP id")).resolve("users"));
  }

  private Path caDir(String mspId) {
    return root.resolve(checked(mspId, "MSP id")).resolve("ca");
  }

  private Path userDir(String mspId, String name) {
    return root.resolve(checked(mspId, "MSP id"))
        .resolve("users")
        .resolve(checked(name, "user name"));
  }

  private static void requireNoCa(String mspId, Path dir) {
    if (Files.exists(dir.resolve("ca-cert.pem")) || Files.exists(dir.resolve("ca-key.pem"))) {
      throw new IllegalStateException("MSP " + mspId + " already has a CA in " + dir);
    }
  }

  private static void putIfPresent(Map<String, String> attributes, String name, String value) {
    if (value != null && !value.isBlank()) {
      attributes.put(name, value);
    }
  }

  private static String checked(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must match " + NAME.pattern() + " (got " + value + ")");
    }
    return value;
  }

  private static List<String> sortedChildren(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
