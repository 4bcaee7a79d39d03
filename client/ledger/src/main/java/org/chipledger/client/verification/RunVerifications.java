package org.chipledger.client.verification;

import java.util.Optional;
import java.util.function.Supplier;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.chipledger.proto.ledger.v1.RunPage;
import org.chipledger.proto.ledger.v1.RunVerificationPage;
import org.chipledger.proto.ledger.v1.RunVerificationState;
import org.chipledger.proto.ledger.v1.RunView;

/**
 * Where each run's verification stands, from the run list and the verification queries: the one
 * composition that {@code query runs} and the dashboard's runs page both show.
 */
public final class RunVerifications {
  private RunVerifications() {}

  /** One page of runs with their verification request and verdict, where there are any. */
  public static RunVerificationPage page(LedgerClient ledger, ListRunsRequest request) {
    RunPage runs = ledger.listRuns(request);
    RunVerificationPage.Builder page =
        RunVerificationPage.newBuilder().setBookmark(runs.getBookmark());
    for (RunView view : runs.getRunsList()) {
      String runId = view.getActivity().getRunId();
      RunVerificationState.Builder state = RunVerificationState.newBuilder().setView(view);
      absentIf(ErrorCode.VERIFICATION_NOT_FOUND, () -> ledger.verificationRequest(runId))
          .ifPresent(state::setRequest);
      absentIf(ErrorCode.VERDICT_NOT_FOUND, () -> ledger.verdict(runId))
          .ifPresent(state::setVerdict);
      page.addRuns(state);
    }
    return page.build();
  }

  /** A one-word state: verdict, else requested, else not requested. */
  public static String label(RunVerificationState state) {
    if (state.hasVerdict()) {
      return state.getVerdict().getHonest() ? "honest" : "dishonest";
    }
    return state.hasRequest() ? "requested" : "not requested";
  }

  private static <T> Optional<T> absentIf(ErrorCode notFound, Supplier<T> query) {
    try {
      return Optional.of(query.get());
    } catch (LedgerException e) {
      if (e.code() == notFound) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
