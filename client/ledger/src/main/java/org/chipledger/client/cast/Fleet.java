package org.chipledger.client.cast;

import com.google.protobuf.ByteString;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * Chips with fresh keys, made by a fab and deployed at one datacenter site in the fab's country:
 * the fleet that snapshot tests, benchmarks and simulations run. Each step moves at most {@link
 * Checks#MAX_CHIPS_PER_TX} chips per transaction, and up to {@value #PARALLEL_LOTS} lots move at
 * once.
 *
 * <p>Chip {@code i}'s key pair is {@link ChipKeys#derive ChipKeys.derive(seed, i)}, so a fleet of a
 * million chips needs no key store. Every step is skipped when the ledger already has it, so a
 * set-up that stopped half way is finished by running it again with the same arguments.
 *
 * @param serials the chips in index order; the first {@code deployed} are at the site
 */
public record Fleet(String siteId, long seed, List<String> serials) {
  /** Lots in flight at once while a fleet is set up. */
  private static final int PARALLEL_LOTS = 8;

  /** Tries of one step the network turns away, waiting {@link #BACKOFF} longer each time. */
  private static final int ATTEMPTS = 6;

  private static final Duration BACKOFF = Duration.ofSeconds(2);

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
    return new Plan(fab, operator, Optional.of(operatorOrg), siteId, serialPrefix, seed, deployed)
        .build(country, idle, progress);
  }

  /**
   * The same fleet for an organisation that makes its own chips and runs its own datacenters (as a
   * TPU maker does): {@code maker} and {@code operator} are its fab and datacenter identities, the
   * chips never change hands, and each lot costs two transactions instead of four.
   */
  public static Fleet deployOwnMake(
      LedgerClient maker,
      LedgerClient operator,
      String siteId,
      String country,
      String serialPrefix,
      long seed,
      int deployed,
      LongConsumer progress) {
    return new Plan(maker, operator, Optional.empty(), siteId, serialPrefix, seed, deployed)
        .build(country, 0, progress);
  }

  private static List<String> serialsOf(String serialPrefix, int count) {
    List<String> serials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      serials.add(String.format("%s-%07d", serialPrefix, i));
    }
    return List.copyOf(serials);
  }

  /**
   * Who makes and who operates a fleet, and its chips: {@code deployed} of them at {@code siteId},
   * transferred to {@code transferTo} unless the maker operates the site itself.
   */
  private record Plan(
      LedgerClient fab,
      LedgerClient operator,
      Optional<String> transferTo,
      String siteId,
      String serialPrefix,
      long seed,
      int deployed) {

    /** Registers the site in {@code country}, then the fleet of {@code deployed + idle} chips. */
    Fleet build(String country, int idle, LongConsumer progress) {
      List<String> serials = serialsOf(serialPrefix, deployed + idle);
      ensure(
          () -> found(() -> operator.site(siteId), ErrorCode.SITE_NOT_FOUND),
          () ->
              operator.registerSite(
                  RegisterSiteRequest.newBuilder()
                      .setSiteId(siteId)
                      .setName(siteId)
                      .setCountry(country)
                      .build()));
      int chunk = Checks.MAX_CHIPS_PER_TX;
      List<Callable<Void>> lots = new ArrayList<>();
      Object progressLock = new Object();
      long[] done = {0};
      for (int start = 0; start < serials.size(); start += chunk) {
        int from = start;
        lots.add(
            () -> {
              List<String> part = serials.subList(from, Math.min(serials.size(), from + chunk));
              deployLot(from, part);
              // One caller at a time: progress consumers draw on a terminal.
              synchronized (progressLock) {
                done[0] += part.size();
                progress.accept(done[0]);
              }
              return null;
            });
      }
      runAll(lots);
      return new Fleet(siteId, seed, serials);
    }

    /**
     * Registers, transfers (unless the maker operates the site) and deploys one lot: chips {@code
     * from} … of the fleet. Lots are independent, so several are in flight at once: on Fabric each
     * transaction waits for its block, and concurrent lots share blocks.
     */
    private void deployLot(int from, List<String> part) {
      int chunk = Checks.MAX_CHIPS_PER_TX;
      RegisterChipsRequest.Builder lot =
          RegisterChipsRequest.newBuilder().setLotId(serialPrefix + "-LOT-" + from / chunk);
      for (int i = from; i < from + part.size(); i++) {
        lot.addChips(
            ChipSpec.newBuilder()
                .setSerial(part.get(i - from))
                .setModel("H100")
                .setTpp(15_832)
                .setPublicKey(
                    ByteString.copyFrom(ChipKeys.derive(seed, i).getPublic().getEncoded()))
                .setFirmwareVersion("1.0.0"));
      }
      ensure(
          () -> found(() -> fab.lot(lot.getLotId()), ErrorCode.CHIP_NOT_FOUND),
          () -> fab.registerChips(lot.build()));
      if (transferTo.isPresent()) {
        String transfer = serialPrefix + "-T-" + from / chunk;
        ensure(
            () -> found(() -> fab.transfer(transfer), ErrorCode.TRANSFER_NOT_FOUND),
            () ->
                fab.proposeTransfer(
                    ProposeTransferRequest.newBuilder()
                        .setTransferId(transfer)
                        .addAllSerials(part)
                        .setToOrg(transferTo.get())
                        .build()));
        ensure(
            () ->
                operator.transfer(transfer).getStatus() == TransferStatus.TRANSFER_STATUS_COMPLETED,
            () -> operator.acceptTransfer(transfer));
      }
      List<String> toDeploy = part.subList(0, Math.max(0, Math.min(part.size(), deployed - from)));
      if (!toDeploy.isEmpty()) {
        ensure(
            () -> operator.chip(toDeploy.get(0)).getStatus() == ChipStatus.CHIP_STATUS_DEPLOYED,
            () ->
                operator.deploy(
                    DeployChipsRequest.newBuilder()
                        .addAllSerials(toDeploy)
                        .setSiteId(siteId)
                        .setClusterId("c" + from / chunk)
                        .build()));
      }
    }
  }

  /**
   * Runs {@code step} unless the ledger already has it. A submit the network turned away for want
   * of capacity (LEDGER_UNAVAILABLE, as a busy BFT orderer does) may have committed all the same,
   * so each retry first asks the ledger again; this is also how a set-up stopped half way resumes.
   */
  private static void ensure(BooleanSupplier done, Runnable step) {
    for (int attempt = 1; !done.getAsBoolean(); attempt++) {
      try {
        step.run();
        return;
      } catch (LedgerException e) {
        if (e.code() != ErrorCode.LEDGER_UNAVAILABLE || attempt == ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(BACKOFF.toMillis() * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Whether {@code read} finds its record; {@code absent} is the code for "no such record". */
  private static boolean found(Supplier<?> read, ErrorCode absent) {
    try {
      return read.get() != null;
    } catch (LedgerException e) {
      if (e.code() == absent) {
        return false;
      }
      throw e;
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
