package org.chipledger.client.demo;

import com.google.protobuf.ByteString;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;

/**
 * Chips with fresh keys, made by a fab and deployed at one datacenter site in the fab's country:
 * the fleet that snapshot tests, benchmarks and simulations run. Each step moves at most {@link
 * Checks#MAX_CHIPS_PER_TX} chips per transaction, and up to {@value #PARALLEL_LOTS} lots move at
 * once.
 *
 * <p>Chip {@code i}'s key pair is {@link ChipKeys#derive ChipKeys.derive(seed, i)}, so a fleet of a
 * million chips needs no key store.
 *
 * @param serials the chips in index order; the first {@code deployed} are at the site
 */
public record Fleet(String siteId, long seed, List<String> serials) {
  /** Lots in flight at once while a fleet is set up. */
  private static final int PARALLEL_LOTS = 8;

  /**
   * Registers {@code deployed + idle} chips at {@code fab}, transfers them to {@code operator},
   * registers {@code siteId} in {@code country} and deploys the first {@code deployed} there.
   */
  public static Fleet deploy(
      LedgerClient fab,
      LedgerClient operator,
      String operatorOrg,
      String siteId,
      String country,
      String serialPrefix,
      long seed,
      int deployed,
      int idle,
      LongConsumer progress) {
    List<String> serials = new ArrayList<>();
    for (int i = 0; i < deployed + idle; i++) {
      serials.add(String.format("%s-%07d", serialPrefix, i));
    }
    operator.registerSite(
        RegisterSiteRequest.newBuilder()
            .setSiteId(siteId)
            .setName(siteId)
            .setCountry(country)
            .build());
    int chunk = Checks.MAX_CHIPS_PER_TX;
    List<Callable<Void>> lots = new ArrayList<>();
    Object progressLock = new Object();
    long[] done = {0};
    for (int start = 0; start < serials.size(); start += chunk) {
      int from = start;
      lots.add(
          () -> {
            List<String> part = serials.subList(from, Math.min(serials.size(), from + chunk));
            deployLot(fab, operator, operatorOrg, siteId, serialPrefix, seed, from, part, deployed);
            // One caller at a time: progress consumers draw on a terminal.
            synchronized (progressLock) {
              done[0] += part.size();
              progress.accept(done[0]);
            }
            return null;
          });
    }
    runAll(lots);
    return new Fleet(siteId, seed, List.copyOf(serials));
  }

  /**
   * Registers, transfers and deploys one lot: chips {@code from} … of the fleet. Lots are
   * independent, so several are in flight at once: on Fabric each transaction waits for its block,
   * and concurrent lots share blocks.
   */
  private static void deployLot(
      LedgerClient fab,
      LedgerClient operator,
      String operatorOrg,
      String siteId,
      String serialPrefix,
      long seed,
      int from,
      List<String> part,
      int deployed) {
    int chunk = Checks.MAX_CHIPS_PER_TX;
    RegisterChipsRequest.Builder lot =
        RegisterChipsRequest.newBuilder().setLotId(serialPrefix + "-LOT-" + from / chunk);
    for (int i = from; i < from + part.size(); i++) {
      lot.addChips(
          ChipSpec.newBuilder()
              .setSerial(part.get(i - from))
              .setModel("H100")
              .setTpp(15_832)
              .setPublicKey(ByteString.copyFrom(ChipKeys.derive(seed, i).getPublic().getEncoded()))
              .setFirmwareVersion("1.0.0"));
    }
    fab.registerChips(lot.build());
    String transfer = serialPrefix + "-T-" + from / chunk;
    fab.proposeTransfer(
        ProposeTransferRequest.newBuilder()
            .setTransferId(transfer)
            .addAllSerials(part)
            .setToOrg(operatorOrg)
            .build());
    operator.acceptTransfer(transfer);
    List<String> toDeploy = part.subList(0, Math.max(0, Math.min(part.size(), deployed - from)));
    if (!toDeploy.isEmpty()) {
      operator.deploy(
          DeployChipsRequest.newBuilder()
              .addAllSerials(toDeploy)
              .setSiteId(siteId)
              .setClusterId("c" + from / chunk)
              .build());
    }
  }

  /** Runs the lots {@link #PARALLEL_LOTS} at a time; the first failure is rethrown. */
  private static void runAll(List<Callable<Void>> lots) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL_LOTS, lots.size())));
    try {
      for (Future<Void> lot : pool.invokeAll(lots)) {
        try {
          lot.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException("a lot failed to deploy", e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deploying the fleet", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Chip {@code index}'s key pair. */
  public KeyPair keys(int index) {
    return ChipKeys.derive(seed, index);
  }
}
