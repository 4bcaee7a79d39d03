package org.chipledger.client.embedded;

import java.nio.file.Path;
import java.util.Map;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;

/** One trusted MSP with a fab user, and ledgers that trust it from genesis. */
final class TestConsortium {
  static final String MSP = "TWMSP";

  final CertificateAuthority ca = CertificateAuthority.create(MSP, "ca.tw.example");
  final Identity fab =
      ca.issue("fab-user", Map.of("org", "fab-tw", "role", "fab", "country", "TW"));

  EmbeddedLedger create(Path dir) {
    return EmbeddedLedger.create(dir, Map.of(MSP, ca.certificatePem()));
  }
}
