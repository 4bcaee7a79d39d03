package org.chipledger.chaincode.testing;

import com.google.protobuf.ByteString;
import java.util.List;
import org.chipledger.chaincode.chip.ChipRegistry;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.deployment.Deployments;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;

/**
 * A world where dc-us holds chips SN-A and SN-B deployed at its site us-east, and chip SN-IDLE held
 * but not deployed; each chip signs with its own key.
 */
public final class DeployedChips {
  public static final String SITE = "us-east";
  public final World world = new World();
  public final ChipSigner a = new ChipSigner("SN-A");
  public final ChipSigner b = new ChipSigner("SN-B");
  public final ChipSigner idle = new ChipSigner("SN-IDLE");

  /**
   * dc-us declares {@code runId} on SN-A with zero hashes for its data and seed and the hash of the
   * run id for its manifest (a manifest hash is declared by one run only).
   */
  public void declareRun(String runId, double flop) {
    ByteString zero = ByteString.copyFrom(new byte[32]);
    world.tx(
        world.dcUs,
        s ->
            Runs.declare(
                s,
                DeclareRunRequest.newBuilder()
                    .setRunId(runId)
                    .setSiteId(SITE)
                    .addChipSerials(a.serial())
                    .setDeclaredFlop(flop)
                    .setManifestHash(
                        ByteString.copyFrom(
                            org.chipledger.crypto.Sha256.of(
                                runId.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .setInitSeedCommitment(zero)
                    .setDataCommitment(zero)
                    .build()));
  }

  public DeployedChips() {
    RegisterChipsRequest.Builder lot = RegisterChipsRequest.newBuilder().setLotId("LOT-S");
    for (ChipSigner chip : List.of(a, b, idle)) {
      lot.addChips(World.spec(chip.serial(), 5000, chip.publicKey()));
    }
    world.tx(world.fabUs, s -> ChipRegistry.register(s, lot.build()));
    var transfer =
        world.propose(world.fabUs, "dc-us", List.of(a.serial(), b.serial(), idle.serial()), "");
    world.tx(world.dcUs, s -> Transfers.accept(s, World.action(transfer)));
    world.tx(
        world.dcUs,
        s ->
            Deployments.registerSite(
                s,
                RegisterSiteRequest.newBuilder()
                    .setSiteId(SITE)
                    .setCountry("US")
                    .setName("US East")
                    .build()));
    world.tx(
        world.dcUs,
        s ->
            Deployments.deploy(
                s,
                DeployChipsRequest.newBuilder()
                    .addSerials(a.serial())
                    .addSerials(b.serial())
                    .setSiteId(SITE)
                    .setClusterId("c1")
                    .build()));
  }
}
