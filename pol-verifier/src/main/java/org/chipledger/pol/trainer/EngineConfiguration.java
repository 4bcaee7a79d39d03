package org.chipledger.pol.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.transcript.v1.EngineInfo;

/**
 * The numerical configuration a run trains or replays under: engine, its version, the framework,
 * intra-op threads and the CPU's features. Under one configuration a replay is bit-exact (issue 20
 * item 5), so the Verifier demands exactly the recorded checkpoint hashes; ε applies only across
 * configurations.
 */
public final class EngineConfiguration {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  private EngineConfiguration() {}

  /** The environment variable that sets MKL's conditional numerical reproducibility mode. */
  public static final String MKL_REPRODUCIBILITY = "MKL_CBWR";

  /** The engine record a run trained here with {@code threads} writes into its manifest. */
  public static EngineInfo recorded(int threads) {
    return EngineInfo.newBuilder()
        .setName(SgdStepper.ENGINE_NAME)
        .setVersion(SgdStepper.engineVersion())
        .setIntraOpThreads(threads)
        .setFramework(SgdStepper.frameworkVersion())
        .setCpuFeatures(kernels(cpuFeatures(), System.getenv(MKL_REPRODUCIBILITY), threads))
        .build();
  }

  /**
   * What decides the kernels: the CPU's features, and MKL's reproducibility mode when set. Without
   * that mode, MKL may pick a kernel by the memory alignment of each call's arrays once it runs on
   * more than one thread: two identical 2-thread runs of the transformer were measured to part at
   * step 91 (2026-12-08), and to stay bit-identical with {@code MKL_CBWR=COMPATIBLE}. Such a run
   * has no reproducible configuration, so it records none (empty: ε applies to its replays).
   */
  static String kernels(String cpu, String mklMode, int threads) {
    boolean modeSet = mklMode != null && !mklMode.isBlank();
    if (cpu.isEmpty() || (!modeSet && threads > 1)) {
      return "";
    }
    return modeSet ? cpu + " mkl-cbwr:" + mklMode.trim() : cpu;
  }

  /**
   * This machine's CPU as "&lt;os.arch&gt; flags-sha256:&lt;16 hex&gt;" over its sorted feature
   * flags (the kernels a numerical library picks depend on them), or empty if unknown.
   */
  public static String cpuFeatures() {
    try {
      List<String> lines = Files.readAllLines(CPUINFO, StandardCharsets.UTF_8);
      for (String line : lines) {
        if (line.startsWith("flags") && line.contains(":")) {
          String[] flags = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
          Arrays.sort(flags);
          String digest =
              Sha256.hex(Sha256.of(String.join(" ", flags).getBytes(StandardCharsets.UTF_8)));
          return System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT)
              + " flags-sha256:"
              + digest.substring(0, 16);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No /proc/cpuinfo (not Linux) or unreadable: the features are unknown.
    }
    return "";
  }

  /**
   * Whether a replay here with {@code replayThreads} runs {@code recorded}'s configuration: every
   * field equal and the CPU features known.
   */
  public static boolean sameAs(EngineInfo recorded, int replayThreads) {
    EngineInfo here = recorded(replayThreads);
    return !recorded.getCpuFeatures().isEmpty() && here.equals(recorded);
  }

  /** One line naming a configuration, for the report. */
  public static String describe(EngineInfo engine) {
    return String.format(
        Locale.ROOT,
        "%s %s, %s, %d threads, cpu %s",
        engine.getName(),
        engine.getVersion(),
        engine.getFramework(),
        engine.getIntraOpThreads(),
        engine.getCpuFeatures().isEmpty() ? "(unknown)" : engine.getCpuFeatures());
  }
}
