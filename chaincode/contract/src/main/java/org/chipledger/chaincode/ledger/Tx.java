package org.chipledger.chaincode.ledger;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * The one shape of every {@code @Contract} entry point: the state over the transaction's stub, the
 * decoded argument, the rule, the encoded result. The argument is decoded before the rule runs, so
 * a malformed argument is refused as MALFORMED_ARGUMENT before any rule checks the caller.
 */
public final class Tx {
  private Tx() {}

  /** Runs {@code rule} on the request decoded by {@code parser} ({@code what} names it). */
  public static <Q extends Message> String run(
      Context ctx,
      String request,
      Parser<Q> parser,
      String what,
      BiFunction<LedgerState, Q, ? extends Message> rule) {
    LedgerState state = new StubState(ctx);
    Message result = rule.apply(state, Args.decode(request, parser, what));
    ChipTallies.write(state);
    return Args.encode(result);
  }

  /** Runs {@code rule}, which takes no argument or reads plain strings it closes over. */
  public static String run(Context ctx, Function<LedgerState, ? extends Message> rule) {
    LedgerState state = new StubState(ctx);
    Message result = rule.apply(state);
    ChipTallies.write(state);
    return Args.encode(result);
  }
}
