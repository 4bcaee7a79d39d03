package org.chipledger.app.bench;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.ContractFunctions.ChipFunctions;
import org.chipledger.chaincode.ledger.ContractFunctions.CustodyFunctions;
import org.chipledger.client.accounting.CustodyDigest;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.embedded.BlockCommitment;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ChipIndex;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;

/**
 * Measures the embedded ledger end to end — signed, verified, executed by the chaincode and durably
 * committed: chip registration in lots, single-chip transfers (propose + accept), and queries.
 */
public final class LedgerBenchmark {
  private static final int LOT = 1000;

  /** One measured figure. */
  public record Figure(String name, double value, String unit, String note) {}

  private final Path dir;
  private final int chips;
  private final int transfers;
  private final int threads;
  private final LongConsumer progress;
  private final BlockCommitment commitment;

  public LedgerBenchmark(Path dir, int chips, int transfers, int threads, LongConsumer progress) {
    this(dir, chips, transfers, threads, progress, BlockCommitment.SIGNED_STATE);
  }

  /** As the other constructor, on a ledger whose headers commit to {@code commitment}. */
  public LedgerBenchmark(
      Path dir,
      int chips,
      int transfers,
      int threads,
      LongConsumer progress,
      BlockCommitment commitment) {
    this.commitment = commitment;
    this.dir = dir;
    this.chips = (chips / LOT) * LOT;
    this.transfers = Math.min(transfers, this.chips);
    this.threads = threads;
    this.progress = progress;
  }

  /** What every measurement runs on: the founded cast, the pool and the fab's chip keys. */
  private record Bench(
      EmbeddedCast cast,
      ExecutorService pool,
      List<ByteString> keys,
      AtomicLong done,
      Identity fab,
      Identity datacenter) {
    EmbeddedLedger ledger() {
      return cast.ledger();
    }
  }

  /** Runs every measurement in order and returns the figures. */
  public List<Figure> run() throws Exception {
    return run(true);
  }

  /** Registration and transfers only: what the block commitment affects. */
  public List<Figure> runWrites() throws Exception {
    return run(false);
  }

  private List<Figure> run(boolean all) throws Exception {
    List<Figure> figures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"), commitment)) {
      Founding.found(cast, Founding.policy());
      List<ByteString> keys = keys();
      AtomicLong done = new AtomicLong();
      IdentityStore identities = new IdentityStore(dir.resolve("identities"));
      Bench bench =
          new Bench(
              cast,
              pool,
              keys,
              done,
              identities.load(Cast.member("fab-us").mspId(), "fab-us"),
              identities.load(Cast.member("dc-us").mspId(), "dc-us"));
      figures.addAll(registration(bench));
      figures.addAll(transfers(bench));
      if (all) {
        figures.addAll(queries(bench));
        figures.addAll(signatureCosts(dir.resolve("identities")));
      }
    } finally {
      pool.shutdownNow();
    }
    return figures;
  }

  /** Half the lots registered end to end, the other half pre-signed and only submitted. */
  private List<Figure> registration(Bench bench) throws Exception {
    EmbeddedLedger ledger = bench.ledger();
    int lots = chips / LOT;
    int signedLots = lots / 2;
    long blocks = ledger.height();
    double seconds =
        timed(
            bench.pool(),
            lots - signedLots,
            i -> register(bench.cast().as("fab-us"), i, bench.keys(), bench.done()));
    Figure endToEnd =
        new Figure(
            "registration, end to end",
            (lots - signedLots) * LOT / seconds,
            "chips/s",
            String.format(
                "%,d lots of %,d signed in-process, %d threads, %.2f s, %,d blocks",
                lots - signedLots, LOT, threads, seconds, ledger.height() - blocks));

    List<SignedTx> lotTxs = new ArrayList<>();
    long signStart = System.nanoTime();
    for (int lot = lots - signedLots; lot < lots; lot++) {
      lotTxs.add(
          EmbeddedLedger.sign(
              bench.fab(),
              ChipFunctions.REGISTER_CHIPS,
              List.of(Args.encode(lot(lot, bench.keys())))));
    }
    double signSeconds = (System.nanoTime() - signStart) / 1e9;
    blocks = ledger.height();
    seconds =
        timed(
            bench.pool(),
            lotTxs.size(),
            i -> {
              ledger.submit(lotTxs.get(i));
              progress.accept(bench.done().addAndGet(LOT));
            });
    return List.of(
        endToEnd,
        new Figure(
            "registration, ledger",
            signedLots * LOT / seconds,
            "chips/s",
            String.format(
                "%,d pre-signed lots (signing them took %.2f s): verify, execute, durable commit; %.2f s, %,d blocks",
                signedLots, signSeconds, seconds, ledger.height() - blocks)));
  }

  /** Single-chip transfers end to end, then back again pre-signed and only submitted. */
  private List<Figure> transfers(Bench bench) throws Exception {
    EmbeddedLedger ledger = bench.ledger();
    long blocks = ledger.height();
    double seconds = timed(bench.pool(), transfers, i -> transfer(bench.cast(), i, bench.done()));
    Figure endToEnd =
        new Figure(
            "transfers, end to end",
            2.0 * transfers / seconds,
            "tx/s",
            String.format(
                "%,d single-chip transfers fab-us -> dc-us = %,d txs (propose + accept), signed in-process, %d threads, %.2f s, %.1f txs/block",
                transfers,
                2 * transfers,
                threads,
                seconds,
                2.0 * transfers / (ledger.height() - blocks)));

    long signStart = System.nanoTime();
    List<SignedTx[]> pairs = transfersBack(bench);
    double signSeconds = (System.nanoTime() - signStart) / 1e9;
    blocks = ledger.height();
    seconds =
        timed(
            bench.pool(),
            transfers,
            i -> {
              ledger.submit(pairs.get(i)[0]);
              ledger.submit(pairs.get(i)[1]);
              progress.accept(bench.done().incrementAndGet());
            });
    return List.of(
        endToEnd,
        new Figure(
            "transfers, ledger",
            2.0 * transfers / seconds,
            "tx/s",
            String.format(
                "%,d pre-signed transfers dc-us -> fab-us (signing took %.2f s): verify, execute, durable commit; %d threads, %.2f s, %.1f txs/block",
                transfers,
                signSeconds,
                threads,
                seconds,
                2.0 * transfers / (ledger.height() - blocks))));
  }

  /**
   * Each transferred chip's way back, signed in advance: the datacenter's proposal, the fab's
   * accept.
   */
  private List<SignedTx[]> transfersBack(Bench bench) {
    List<SignedTx[]> pairs = new ArrayList<>(transfers);
    for (int i = 0; i < transfers; i++) {
      String id = "BR" + i;
      pairs.add(
          new SignedTx[] {
            EmbeddedLedger.sign(
                bench.datacenter(),
                CustodyFunctions.PROPOSE_TRANSFER,
                List.of(
                    Args.encode(
                        ProposeTransferRequest.newBuilder()
                            .setTransferId(id)
                            .addSerials(serial(i))
                            .setToOrg("fab-us")
                            .build()))),
            EmbeddedLedger.sign(
                bench.fab(),
                CustodyFunctions.ACCEPT_TRANSFER,
                List.of(Args.encode(TransferActionRequest.newBuilder().setTransferId(id).build())))
          });
    }
    return pairs;
  }

  /** The inspectorate's queries: lookups in parallel, then each report once. */
  private List<Figure> queries(Bench bench) throws Exception {
    List<Figure> figures = new ArrayList<>();
    LedgerClient treaty = bench.cast().as("inspectorate");
    int lookups = 20_000;
    double seconds =
        timed(bench.pool(), lookups, i -> treaty.chip(serial((int) ((i * 7919L) % chips))));
    figures.add(
        new Figure(
            "chip lookups",
            lookups / seconds,
            "queries/s",
            String.format("%,d signed GetChip evaluations, %d threads", lookups, threads)));
    long start = System.nanoTime();
    int listed = treaty.allChips(ChipIndex.CHIP_INDEX_HOLDER, "fab-us").size();
    seconds = (System.nanoTime() - start) / 1e9;
    figures.add(
        new Figure(
            "list by holder",
            listed / seconds,
            "chips/s",
            String.format("%,d chips in pages of 1,000", listed)));
    figures.add(
        once(
            "custody counts",
            () -> treaty.custodyCounts(),
            String.format("over %,d chips", chips)));
    figures.add(
        once(
            "unaccounted report",
            () -> treaty.unaccounted(UnaccountedRequest.getDefaultInstance()),
            String.format("over %,d chips", chips)));
    figures.add(
        once(
            "custody digest",
            () -> CustodyDigest.of(treaty),
            String.format("all %,d chips", chips)));
    figures.add(
        once(
            "verify chain",
            () -> bench.ledger().verify(),
            String.format("%,d blocks, every signature", bench.ledger().height())));
    return figures;
  }

  private List<ByteString> keys() {
    ChipKeys generator = new ChipKeys();
    List<ByteString> keys = new ArrayList<>(LOT);
    for (int i = 0; i < LOT; i++) {
      keys.add(ByteString.copyFrom(generator.generate().getPublic().getEncoded()));
    }
    return keys;
  }

  private void register(LedgerClient fab, int lot, List<ByteString> keys, AtomicLong done) {
    fab.registerChips(lot(lot, keys));
    progress.accept(done.addAndGet(LOT));
  }

  private static RegisterChipsRequest lot(int lot, List<ByteString> keys) {
    RegisterChipsRequest.Builder request =
        RegisterChipsRequest.newBuilder().setLotId("BENCH-L" + lot);
    for (int i = 0; i < LOT; i++) {
      request.addChips(
          ChipSpec.newBuilder()
              .setSerial(serial(lot * LOT + i))
              .setModel("B200")
              .setTpp(36_000)
              .setPublicKey(keys.get(i))
              .setFirmwareVersion("fw-2.4.1"));
    }
    return request.build();
  }

  private void transfer(Cast cast, int i, AtomicLong done) {
    String id = "BT" + i;
    cast.as("fab-us")
        .proposeTransfer(
            ProposeTransferRequest.newBuilder()
                .setTransferId(id)
                .addSerials(serial(i))
                .setToOrg("dc-us")
                .build());
    cast.as("dc-us").acceptTransfer(id);
    progress.accept(done.incrementAndGet());
  }

  private static String serial(int i) {
    return String.format("US-B200-%07d", i);
  }

  /** Runs {@code count} tasks on the pool; returns the wall time in seconds. */
  private static double timed(ExecutorService pool, int count, IntConsumer task) throws Exception {
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int n = i;
      futures.add(pool.submit(() -> task.accept(n)));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Figure once(String name, Runnable query, String note) {
    long start = System.nanoTime();
    query.run();
    return new Figure(name, (System.nanoTime() - start) / 1e6, "ms", note);
  }

  /** Client-side signing and ledger-side verification cost, the per-transaction floor. */
  private static List<Figure> signatureCosts(Path identities) {
    Identity identity = new IdentityStore(identities).load(Cast.member("fab-us").mspId(), "fab-us");
    byte[] message = new byte[200];
    int n = 5000;
    byte[] signature = identity.sign(message);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      signature = identity.sign(message);
    }
    double signMicros = (System.nanoTime() - start) / 1e3 / n;
    var trust = new org.chipledger.client.identity.TrustCheck();
    start = System.nanoTime();
    boolean ok = true;
    for (int i = 0; i < n; i++) {
      ok &= trust.verifySignature(identity.certificate(), message, signature);
    }
    double verifyMicros = (System.nanoTime() - start) / 1e3 / n;
    if (!ok) {
      throw new IllegalStateException("signature self-check failed");
    }
    String provider = org.chipledger.client.identity.SignatureService.get().describe();
    return List.of(
        new Figure("ECDSA P-256 sign", signMicros, "µs/op", provider + ", one thread, client side"),
        new Figure(
            "ECDSA P-256 verify", verifyMicros, "µs/op", provider + ", one thread, ledger side"));
  }
}
