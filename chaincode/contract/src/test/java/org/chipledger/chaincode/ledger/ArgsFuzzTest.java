package org.chipledger.chaincode.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Base64;
import java.util.List;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;

/**
 * Fuzzes the chaincode's argument decoding: every transaction argument is a base64 protobuf, paged
 * queries take a base64url bookmark, and snapshot records are parsed from the bytes a chip signed.
 * The contract: a value, or a {@link RuleViolation} with {@link ErrorCode#MALFORMED_ARGUMENT};
 * never another exception. Without {@code JAZZER_FUZZ} only the saved inputs run (a regression
 * test); {@code ./test.sh} fuzzes for 30 s.
 */
class ArgsFuzzTest {
  private static final List<Parser<? extends Message>> PARSERS =
      List.of(
          RegisterChipsRequest.parser(),
          ProposeTransferRequest.parser(),
          SubmitSnapshotBatchRequest.parser());

  @FuzzTest(maxDuration = "10s")
  void decodingGivesAValueOrMalformedArgument(FuzzedDataProvider data) {
    int target = data.consumeInt(0, 2);
    // Half the time well-formed base64, so that the protobuf parser sees the fuzzer's bytes.
    boolean base64 = data.consumeBoolean();
    byte[] bytes = data.consumeBytes(8192);
    String text =
        base64 ? Base64.getEncoder().encodeToString(bytes) : data.consumeRemainingAsString();
    try {
      switch (target) {
        case 0 -> {
          Parser<? extends Message> parser = PARSERS.get(Math.floorMod(bytes.length, 3));
          assertThat(Args.decode(text, parser, "request")).isNotNull();
        }
        case 1 -> assertThat(Paging.decode(base64 ? urlSafe(text) : text)).isNotNull();
        default -> {
          var signed =
              SignedSnapshotRecord.newBuilder().setRecord(ByteString.copyFrom(bytes)).build();
          assertThat(SnapshotRules.parse(signed).getChipSerial()).isNotEmpty();
        }
      }
    } catch (RuleViolation refusal) {
      assertThat(refusal.code()).isEqualTo(ErrorCode.MALFORMED_ARGUMENT);
      assertThat(refusal.getMessage()).isNotBlank();
    }
  }

  private static String urlSafe(String base64) {
    return base64.replace('+', '-').replace('/', '_');
  }
}
