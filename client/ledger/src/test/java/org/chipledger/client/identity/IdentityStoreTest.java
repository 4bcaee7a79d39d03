package org.chipledger.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
  @TempDir Path root;

  @Test
  void issuedIdentitiesAreSavedAndLoadBackIdentical() throws Exception {
    IdentityStore store = new IdentityStore(root);
    store.createCa("TWMSP");

    Identity issued = store.issue("TWMSP", "fab-admin", "fab-tw", "fab", "TW");
    Identity loaded = store.load("TWMSP", "fab-admin");

    assertThat(loaded.certificate()).isEqualTo(issued.certificate());
    assertThat(loaded.privateKey().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
    assertThat(loaded.attributes())
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("country", "TW", "org", "fab-tw", "role", "fab")));
    Path key = root.resolve("TWMSP/users/fab-admin/key.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.exists(root.resolve("TWMSP/users/fab-admin/cert.pem"))).isTrue();
    assertThat(Files.exists(root.resolve("TWMSP/ca/ca-cert.pem"))).isTrue();
  }

  @Test
  void listsMspsAndUsersSorted() {
    IdentityStore store = new IdentityStore(root);
    store.createCa("TWMSP");
    store.createCa("NLMSP");
    store.issue("TWMSP", "zoe", "fab-tw", "fab", "TW");
    store.issue("TWMSP", "adam", "fab-tw", "exporter", "TW");

    assertThat(store.msps()).containsExactly("NLMSP", "TWMSP");
    assertThat(store.users("TWMSP")).containsExactly("adam", "zoe");
    assertThat(store.users("NLMSP")).isEmpty();
  }

  @Test
  void refusesSecondCaDuplicateUsersAndMissingCa() {
    IdentityStore store = new IdentityStore(root);
    store.createCa("TWMSP");
    store.issue("TWMSP", "alice", "fab-tw", "fab", "TW");

    assertThatThrownBy(() -> store.createCa("TWMSP")).hasMessageContaining("already has a CA");
    assertThatThrownBy(() -> store.issue("TWMSP", "alice", "x", "fab", "TW"))
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> store.issue("NOMSP", "bob", "x", "fab", "TW"))
        .hasMessageContaining("has no CA");
    assertThat(store.find("TWMSP", "nobody")).isEmpty();
    assertThat(store.ca("NOMSP")).isEmpty();
  }

  @Test
  void namesThatWouldEscapeTheRootAreRefused() {
    IdentityStore store = new IdentityStore(root);
    assertThatThrownBy(() -> store.createCa("../evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.find("TWMSP", "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void importsACryptogenCaAndIssuesUnderItsMspId() throws Exception {
    CertificateAuthority cryptogen =
        CertificateAuthority.create("org1.example.com", "ca.org1.example.com");
    Path exported = root.resolve("export");
    cryptogen.save(exported);
    Path caDir = Files.createDirectories(root.resolve("crypto/ca"));
    Files.copy(exported.resolve("ca-cert.pem"), caDir.resolve("ca.org1.example.com-cert.pem"));
    Files.copy(exported.resolve("ca-key.pem"), caDir.resolve("priv_sk"));
    IdentityStore store = new IdentityStore(root.resolve("store"));

    CertificateAuthority imported =
        store.importCa(
            "Org1MSP", caDir.resolve("ca.org1.example.com-cert.pem"), caDir.resolve("priv_sk"));
    Identity user = store.issue("Org1MSP", "user1", "org1", "fab", "US");

    assertThat(imported.mspId()).isEqualTo("Org1MSP");
    assertThat(store.ca("Org1MSP"))
        .get()
        .extracting(CertificateAuthority::certificate)
        .isEqualTo(cryptogen.certificate());
    assertThat(user.mspId()).isEqualTo("Org1MSP");
    user.certificate().verify(cryptogen.certificate().getPublicKey());
  }
}
