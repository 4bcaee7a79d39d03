package org.chipledger.client.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The process-wide Fabric {@link ContractRouter} that runs every {@code @Contract} on the classpath
 * in-process. Built once, lazily, because it scans the classpath (seconds); read-only and safe for
 * concurrent calls afterwards.
 */
final class Router {
  private static final String SIMPLE_FORMAT = "java.util.logging.SimpleFormatter.format";
  // Strong references: JUL holds loggers weakly, and a collected logger would lose its level.
  private static final List<Logger> SILENCED = new ArrayList<>();
  private static volatile ContractRouter router;

  private Router() {}

  /** Runs the function named in the stub's first argument; never throws. */
  static Chaincode.Response invoke(ChaincodeStub stub) {
    return instance().invoke(stub);
  }

  /** Starts the router now rather than on the first transaction. */
  static void warmUp() {
    instance();
  }

  private static ContractRouter instance() {
    ContractRouter current = router;
    if (current == null) {
      synchronized (Router.class) {
        current = router;
        if (current == null) {
          current = start();
          router = current;
        }
      }
    }
    return current;
  }

  private static ContractRouter start() {
    LoggingState saved = LoggingState.capture();
    // Start-up chatter (environment, properties, metadata) goes through the root logger, whose
    // levels the constructor resets, and partly straight to System.out.
    Logger.getLogger("").setLevel(Level.OFF);
    for (Handler handler : saved.handlers()) {
      handler.setFilter(record -> false);
    }
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    silenceShim();
    try {
      ContractRouter started = new ContractRouter(new String[] {"--id", "chipledger"});
      // The constructor resets the shim's log levels; quieten them again before the classpath scan.
      silenceShim();
      started.startRouterWithChaincodeServer(
          new ChaincodeServer() {
            @Override
            public void start() {}

            @Override
            public void stop() {}
          });
      return started;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot start the embedded contract router: "
              + e.getMessage()
              + " (the Fabric shim reads CORE_PEER_TLS_ENABLED and related variables; unset them"
              + " for the embedded ledger)",
          e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the embedded contract router", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the contract router", e);
    } finally {
      System.setOut(stdout);
      saved.restore();
    }
  }

  /**
   * The shim logs every rejected transaction at SEVERE with a stack trace; rejections are normal
   * results here, reported to the caller with their code.
   */
  private static void silenceShim() {
    for (String name :
        List.of(
            "org.hyperledger.fabric",
            "org.hyperledger.fabric.shim",
            "org.hyperledger.fabric.contract")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.OFF);
      if (!SILENCED.contains(logger)) {
        SILENCED.add(logger);
      }
    }
  }

  /** The JVM-wide logging settings the router's constructor overwrites. */
  private record LoggingState(
      Level rootLevel,
      List<Handler> handlers,
      List<Level> levels,
      List<Formatter> formatters,
      List<Filter> filters,
      String format) {

    static LoggingState capture() {
      Logger root = Logger.getLogger("");
      List<Handler> handlers = List.of(root.getHandlers());
      List<Level> levels = new ArrayList<>();
      List<Formatter> formatters = new ArrayList<>();
      List<Filter> filters = new ArrayList<>();
      for (Handler handler : handlers) {
        levels.add(handler.getLevel());
        formatters.add(handler.getFormatter());
        filters.add(handler.getFilter());
      }
      return new LoggingState(
          root.getLevel(),
          handlers,
          levels,
          formatters,
          filters,
          System.getProperty(SIMPLE_FORMAT));
    }

    void restore() {
      Logger.getLogger("").setLevel(rootLevel);
      for (int i = 0; i < handlers.size(); i++) {
        handlers.get(i).setLevel(levels.get(i));
        handlers.get(i).setFormatter(formatters.get(i));
        handlers.get(i).setFilter(filters.get(i));
      }
      if (format == null) {
        System.clearProperty(SIMPLE_FORMAT);
      } else {
        System.setProperty(SIMPLE_FORMAT, format);
      }
    }
  }
}
