package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 3 on Fabric: the operator's agent tries to make a chip, provisioned with the
 * channel's configuration block, count records as delivered with blocks that do not prove the
 * ledger committed them. Orderers sign whatever a channel member broadcasts, so the agent can get a
 * transaction it made up into a block; the chip must also see the peers' endorsements. Each forgery
 * leaves the record pending; the honest block anchors it.
 */
class FabricCommitProofAttackTest {
  private static final Duration GRACE = Duration.ofHours(1);
  private static final String SERIAL = "CHIP-F";

  @TempDir Path dir;
  private final SteppingClock clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final TestFabricChannel channel = new TestFabricChannel();
  private final ScriptedAgent agent = new ScriptedAgent().provingWith(channel::proof);
  private ChipUnderAttack underAttack;

  @org.junit.jupiter.api.BeforeEach
  void provision() {
    underAttack = new ChipUnderAttack(dir, SERIAL, agent, clock, TestFabricChannel.trust(GRACE));
  }

  @AfterEach
  void stop() {
    underAttack.close();
  }

  @Test
  void theAnchorIsTheConfigBlocksConsentersAndAMajorityOfThePeerOrganisations() {
    FabricTrust trust = FabricTrust.fromConfigBlock(TestFabricChannel.configBlock(), "chipledger");
    // Four consenters (BFT quorum 3); five organisations run peers, the member org does not.
    assertThat(trust.consenters().size()).isEqualTo(4);
    assertThat(trust.consenters().quorum()).isEqualTo(3);
    assertThat(trust.endorsements()).isEqualTo(3);
    assertThat(trust.channel()).isEqualTo("treaty");
  }

  @Test
  void aBlockSignedByAQuorumWithAMajorityEndorsementAnchorsTheRecord() throws Exception {
    try (Firmware chip = boot()) {
      chip.snapshot("r");
      chip.snapshot("r");
      assertThat(chip.unanchored()).isEqualTo(2);
      channel.commit(agent.received());
      assertThat(chip.anchor()).isEqualTo(2);
      assertThat(chip.unanchored()).isZero();
      assertThat(chip.refusedProofs()).isZero();
      clock.advance(GRACE.multipliedBy(2));
      assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Proceed());
    }
  }

  @Test
  void aTransactionNobodyEndorsedIsRefusedThoughTheOrderersSignedItsBlock() throws Exception {
    channel.endorsers = List.of();
    assertRefusedAndPaused();
  }

  @Test
  void twoEndorsingOrganisationsOfFiveAreTooFew() throws Exception {
    channel.endorsers = TestFabricChannel.PEERS.subList(0, 2);
    assertRefusedAndPaused();
  }

  @Test
  void oneOrganisationsPeersEndorsingThriceCountOnce() throws Exception {
    Identity peer = TestFabricChannel.PEERS.get(0);
    channel.endorsers = List.of(peer, peer, TestFabricChannel.PEERS.get(1));
    assertRefusedAndPaused();
  }

  @Test
  void endorsementsByTheOperatorsOwnOrganisationOrItsOwnCaDoNotCount() throws Exception {
    // The datacenter's member org runs no peers; a CA the operator made names a peer org's MSP.
    Identity member = TestFabricChannel.MEMBER_CA.issue("dc-admin", Map.of());
    Identity impostor = CertificateAuthority.create("Peer3MSP", "fake-ca").issue("p", Map.of());
    channel.endorsers =
        List.of(TestFabricChannel.PEERS.get(0), TestFabricChannel.PEERS.get(1), member, impostor);
    assertRefusedAndPaused();
  }

  @Test
  void aTransactionThePeersMarkedInvalidIsRefused() throws Exception {
    channel.validation = TxValidationCode.MVCC_READ_CONFLICT;
    assertRefusedAndPaused();
  }

  @Test
  void aBlockSignedByTwoOfFourOrderersIsRefused() throws Exception {
    channel.ordererSignatures = 2;
    assertRefusedAndPaused();
  }

  @Test
  void anotherChaincodesAnswerIsRefused() throws Exception {
    channel.chaincode = "operator-cc";
    assertRefusedAndPaused();
  }

  /** The agent acks and hands over the forged block's proof; the chip keeps the record pending. */
  private void assertRefusedAndPaused() throws IOException {
    try (Firmware chip = boot()) {
      chip.snapshot("r");
      channel.commit(agent.received());
      assertThat(chip.acked().counter()).isEqualTo(1);
      assertThat(chip.anchor()).isZero();
      assertThat(chip.unanchored()).isEqualTo(1);
      assertThat(chip.refusedProofs()).isEqualTo(1);
      clock.advance(GRACE.plusMinutes(1));
      assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Paused(1, GRACE.plusMinutes(1)));
    }
  }

  private Firmware boot() throws IOException {
    return underAttack.boot();
  }
}
