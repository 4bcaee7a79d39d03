package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
  @TempDir Path dir;

  @Test
  void readsTheOrgsInTheFilesOrder() throws Exception {
    Path file = dir.resolve("gateway.properties");
    Files.writeString(
        file,
        "channel=treaty\nchaincode=chipledger\norgs=USMSP,TWMSP\n"
            + org("TWMSP", "TW", "127.0.0.1:7051", "peer0.tw.treaty")
            + org("USMSP", "US", "127.0.0.1:8051", "peer0.us.treaty"));

    GatewayConfig config = GatewayConfig.load(file);

    assertThat(config.channel()).isEqualTo("treaty");
    assertThat(config.chaincode()).isEqualTo("chipledger");
    assertThat(config.orgs().keySet()).containsExactly("USMSP", "TWMSP");
    assertThat(config.org("TWMSP"))
        .isEqualTo(
            new PeerOrg(
                "TWMSP",
                "TW",
                "127.0.0.1:7051",
                "peer0.tw.treaty",
                Path.of("/c/TWMSP/tls.pem"),
                Path.of("/c/TWMSP/ca.pem"),
                Path.of("/c/TWMSP/priv_sk")));
    assertThatThrownBy(() -> config.org("NLMSP")).hasMessageContaining("no org NLMSP");
  }

  @Test
  void aMemberOrganisationSubmitsThroughItsCountrysPeer() throws Exception {
    Path file = dir.resolve("gateway.properties");
    Files.writeString(
        file,
        "channel=treaty\nchaincode=chipledger\norgs=TWMSP,USMSP\n"
            + org("TWMSP", "TW", "127.0.0.1:7051", "peer0.tw.treaty")
            + org("USMSP", "US", "127.0.0.1:8051", "peer0.us.treaty")
            + "members=FabUSMSP\n"
            + "member.FabUSMSP.country=US\nmember.FabUSMSP.gatewayOrg=USMSP\n"
            + "member.FabUSMSP.caCert=/c/fab/ca.pem\nmember.FabUSMSP.caKey=/c/fab/priv_sk\n");

    GatewayConfig config = GatewayConfig.load(file);

    assertThat(config.members())
        .containsExactly(
            entry(
                "FabUSMSP",
                new MemberOrg(
                    "FabUSMSP",
                    "US",
                    "USMSP",
                    Path.of("/c/fab/ca.pem"),
                    Path.of("/c/fab/priv_sk"))));
    assertThat(config.gatewayOf("FabUSMSP").peerEndpoint()).isEqualTo("127.0.0.1:8051");
    assertThat(config.gatewayOf("TWMSP").peerEndpoint()).isEqualTo("127.0.0.1:7051");
    assertThat(config.orgs()).doesNotContainKey("FabUSMSP");
    assertThatThrownBy(() -> config.gatewayOf("DcNLMSP")).hasMessageContaining("no org DcNLMSP");
  }

  @Test
  void aFileWithoutMembersHasNone() throws Exception {
    Path file = dir.resolve("gateway.properties");
    Files.writeString(
        file,
        "channel=treaty\nchaincode=chipledger\norgs=TWMSP\n"
            + org("TWMSP", "TW", "127.0.0.1:7051", "peer0.tw.treaty"));

    assertThat(GatewayConfig.load(file).members()).isEmpty();
  }

  @Test
  void namesAMissingMemberKey() throws Exception {
    Path file = dir.resolve("gateway.properties");
    Files.writeString(
        file,
        "channel=treaty\nchaincode=chipledger\norgs=TWMSP\n"
            + org("TWMSP", "TW", "127.0.0.1:7051", "peer0.tw.treaty")
            + "members=FabTWMSP\nmember.FabTWMSP.country=TW\n");

    assertThatThrownBy(() -> GatewayConfig.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no member.FabTWMSP.gatewayOrg");
  }

  @Test
  void namesAMissingKey() throws Exception {
    Path file = dir.resolve("gateway.properties");
    Files.writeString(file, "channel=treaty\norgs=TWMSP\n");

    assertThatThrownBy(() -> GatewayConfig.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no org.TWMSP.country");
  }

  private static String org(String msp, String country, String endpoint, String host) {
    String p = "org." + msp + ".";
    return p
        + "country="
        + country
        + "\n"
        + p
        + "peerEndpoint="
        + endpoint
        + "\n"
        + p
        + "peerHostOverride="
        + host
        + "\n"
        + p
        + "tlsRootCert=/c/"
        + msp
        + "/tls.pem\n"
        + p
        + "caCert=/c/"
        + msp
        + "/ca.pem\n"
        + p
        + "caKey=/c/"
        + msp
        + "/priv_sk\n";
  }
}
