package org.chipledger.chaincode.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.chipledger.proto.ledger.v1.RunPage;
import org.chipledger.proto.ledger.v1.RunSnapshot;
import org.chipledger.proto.ledger.v1.RunSnapshots;
import org.chipledger.proto.ledger.v1.RunView;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.ledger.v1.TrainingRun;
import org.junit.jupiter.api.Test;

class RunsTest {
  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;

  private DeclareRunRequest.Builder declaration(String... serials) {
    return DeclareRunRequest.newBuilder()
        .setRunId("run-7")
        .setSiteId(DeployedChips.SITE)
        .addAllChipSerials(List.of(serials))
        .setDeclaredFlop(3.0e24)
        .setManifestHash(ByteString.copyFrom(new byte[32]))
        .setInitSeedCommitment(ByteString.copyFrom(new byte[32]))
        .setDataCommitment(ByteString.copyFrom(new byte[32]));
  }

  @Test
  void anOwnerDeclaresARunOnChipsDeployedAtItsSiteAndSnapshotsCountTowardsIt() {
    DeclareRunRequest request = declaration(fixture.a.serial(), fixture.b.serial()).build();
    TrainingRun run = world.tx(world.dcUs, s -> Runs.declare(s, request));
    assertThat(run.getOwnerOrg()).isEqualTo("dc-us");
    assertThat(world.ledger.events()).last().matches(e -> e.hasRunDeclared());

    var batch =
        SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId(DeployedChips.SITE)
            .setBatchSeq(1)
            .addRecords(fixture.a.next("run-7"))
            .addRecords(fixture.a.next("run-7"))
            .build();
    world.tx(world.dcUs, s -> Snapshots.submitBatch(s, batch));
    RunView view = world.tx(world.admin, s -> Runs.view(s, "run-7"));
    assertThat(view.getRun()).isEqualTo(run);
    assertThat(view.getActivity().getDeclared()).isTrue();
    assertThat(view.getActivity().getSnapshotCount()).isEqualTo(2);
    assertThat(view.getActivity().getChipCount()).isEqualTo(1);
  }

  @Test
  void theLedgerIndexesARunsSnapshotsWithTheirTrainingSteps() {
    world.tx(world.dcUs, s -> Runs.declare(s, declaration(fixture.a.serial()).build()));
    SignedSnapshotRecord first = fixture.a.next("run-7");
    SnapshotRecord stepped =
        fixture.a.record(2, fixture.a.headHash(), 1_800_000_000L, "run-7").toBuilder()
            .setTrainingStep(57)
            .build();
    var batch =
        SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId(DeployedChips.SITE)
            .setBatchSeq(1)
            .addRecords(first)
            .addRecords(fixture.a.sign(stepped))
            .addRecords(fixture.b.next(""))
            .build();
    world.tx(world.dcUs, s -> Snapshots.submitBatch(s, batch));

    RunSnapshots snapshots = world.tx(world.admin, s -> Runs.snapshots(s, "run-7"));
    assertThat(snapshots.getSnapshotsList())
        .extracting(
            RunSnapshot::getChipSerial, RunSnapshot::getCounter, RunSnapshot::getTrainingStep)
        .containsExactly(tuple(fixture.a.serial(), 1L, 0L), tuple(fixture.a.serial(), 2L, 57L));
    assertThat(snapshots.getSnapshots(1).getWeightHash()).isEqualTo(stepped.getWeightHash());
    assertThat(snapshots.getSnapshots(1).getBatchSeq()).isEqualTo(1);
    assertThat(snapshots.getSnapshots(1).getSiteId()).isEqualTo(DeployedChips.SITE);
    assertThat(world.tx(world.admin, s -> Runs.view(s, "run-7")).getRun().getTxId()).isNotEmpty();
    world.rejected(ErrorCode.RUN_NOT_FOUND, world.admin, s -> Runs.snapshots(s, "run-unknown"));
  }

  @Test
  void aRunIsDeclaredOnce() {
    DeclareRunRequest request = declaration(fixture.a.serial()).build();
    world.tx(world.dcUs, s -> Runs.declare(s, request));
    world.rejected(ErrorCode.RUN_EXISTS, world.dcUs, s -> Runs.declare(s, request));
  }

  @Test
  void attackAnotherRunCannotDeclareAManifestHashAlreadyDeclared() {
    // Before issue 20 a copied transcript could be declared as a second run's own.
    world.tx(world.dcUs, s -> Runs.declare(s, declaration(fixture.a.serial()).build()));
    DeclareRunRequest copy = declaration(fixture.b.serial()).setRunId("run-copy").build();

    RuleViolation refused =
        world.rejected(ErrorCode.MANIFEST_ALREADY_DECLARED, world.dcUs, s -> Runs.declare(s, copy));

    assertThat(refused.getMessage()).contains("already declared by run run-7");
    assertThat(ErrorCode.MANIFEST_ALREADY_DECLARED.number()).isEqualTo(24);
    world.rejected(ErrorCode.RUN_NOT_FOUND, world.admin, s -> Runs.view(s, "run-copy"));
  }

  @Test
  void declarationsAreChecked() {
    world.rejected(
        ErrorCode.CHIP_NOT_DEPLOYED_HERE,
        world.dcUs,
        s -> Runs.declare(s, declaration(fixture.idle.serial()).build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.dcUs,
        s ->
            Runs.declare(
                s,
                declaration(fixture.a.serial())
                    .setManifestHash(ByteString.copyFromUtf8("short"))
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.dcUs,
        s -> Runs.declare(s, declaration(fixture.a.serial()).setDeclaredFlop(-1).build()));
    world.rejected(
        ErrorCode.NOT_SITE_OPERATOR,
        world.dcNl,
        s -> Runs.declare(s, declaration(fixture.a.serial()).build()));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.fabUs,
        s -> Runs.declare(s, declaration(fixture.a.serial()).build()));
  }

  @Test
  void runsAreListedPagedByOwnerAndBySiteIncludingOnesOnlySeenInSnapshots() {
    world.tx(
        world.dcUs,
        s -> Runs.declare(s, declaration(fixture.a.serial()).setRunId("run-1").build()));
    world.tx(
        world.dcUs,
        s ->
            Runs.declare(
                s,
                declaration(fixture.b.serial())
                    .setRunId("run-2")
                    .setManifestHash(
                        ByteString.copyFrom(new byte[31])
                            .concat(ByteString.copyFrom(new byte[] {2})))
                    .build()));
    var batch =
        SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId(DeployedChips.SITE)
            .setBatchSeq(1)
            .addRecords(fixture.a.next("run-1"))
            .addRecords(fixture.b.next("run-hidden"))
            .build();
    world.tx(world.dcUs, s -> Snapshots.submitBatch(s, batch));

    assertThat(runIds(ListRunsRequest.newBuilder().build()))
        .containsExactly("run-1", "run-2", "run-hidden");
    assertThat(runIds(ListRunsRequest.newBuilder().setOwnerOrg("dc-us").build()))
        .containsExactly("run-1", "run-2", "run-hidden");
    assertThat(runIds(ListRunsRequest.newBuilder().setSiteId(DeployedChips.SITE).build()))
        .containsExactly("run-1", "run-2", "run-hidden");
    assertThat(runIds(ListRunsRequest.newBuilder().setOwnerOrg("dc-nl").build())).isEmpty();

    RunPage first =
        world.tx(
            world.customsNl,
            s -> Runs.list(s, ListRunsRequest.newBuilder().setPageSize(2).build()));
    assertThat(first.getRunsList())
        .extracting(v -> v.getActivity().getRunId())
        .containsExactly("run-1", "run-2");
    assertThat(first.getRuns(0).getRun().getOwnerOrg()).isEqualTo("dc-us");
    assertThat(first.getRuns(0).getActivity().getSnapshotCount()).isEqualTo(1);
    RunPage second =
        world.tx(
            world.customsNl,
            s ->
                Runs.list(
                    s,
                    ListRunsRequest.newBuilder()
                        .setPageSize(2)
                        .setBookmark(first.getBookmark())
                        .build()));
    assertThat(second.getRunsList()).hasSize(1);
    RunView hidden = second.getRuns(0);
    assertThat(hidden.hasRun()).as("never declared").isFalse();
    assertThat(hidden.getActivity().getDeclared()).isFalse();
    assertThat(hidden.getActivity().getSitesList()).containsExactly(DeployedChips.SITE);
    assertThat(second.getBookmark()).isEmpty();
  }

  @Test
  void listingRunsByBothSiteAndOwnerOrWithABadBookmarkIsRefused() {
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s ->
            Runs.list(
                s,
                ListRunsRequest.newBuilder()
                    .setSiteId(DeployedChips.SITE)
                    .setOwnerOrg("dc-us")
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> Runs.list(s, ListRunsRequest.newBuilder().setBookmark("not base64!").build()));
  }

  private List<String> runIds(ListRunsRequest request) {
    return world.tx(world.admin, s -> Runs.list(s, request)).getRunsList().stream()
        .map(v -> v.getActivity().getRunId())
        .toList();
  }

  @Test
  void anUnknownRunIsNotFound() {
    world.rejected(ErrorCode.RUN_NOT_FOUND, world.admin, s -> Runs.view(s, "run-unknown"));
  }
}
