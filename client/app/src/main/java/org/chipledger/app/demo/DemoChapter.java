package org.chipledger.app.demo;

import java.nio.file.Path;
import java.util.List;
import org.chipledger.client.cast.Cast;

/**
 * A chapter of {@code chipledger demo} played after the custody story, on the same cast and ledger.
 *
 * <p>Chapters are found with {@link java.util.ServiceLoader}: the compute-monitoring chapter trains
 * models, so it lives in the pol-verifier module, whose jar carries this CLI too; the launcher runs
 * {@code demo} from that jar.
 */
public interface DemoChapter {

  /** A short name: the chapter's directory under the demo directory. */
  String name();

  /** The heading printed before the chapter. */
  String title();

  /**
   * Plays the chapter.
   *
   * @throws Exception when the chapter cannot finish; the demo then fails
   */
  void play(Context context) throws Exception;

  /**
   * What a chapter plays on.
   *
   * @param cast every member's ledger connection, on the demo's backend
   * @param custody what the custody story left: where the chips are and their keys
   * @param dir a directory of the chapter's own under the demo directory
   * @param seed the demo's seed
   * @param page where the chapter tells its story
   * @param cli how to call the CLI on the demo's ledger, for example {@code ./chipledger --data-dir
   *     .chipledger/demo}
   */
  record Context(Cast cast, Story.Outcome custody, Path dir, long seed, Page page, String cli) {}

  /** The demo's printed page: narration and tables. */
  interface Page {
    /** One step of the story, as a bullet. */
    void say(String line);

    /** A plain line. */
    void line(String text);

    /** An aligned table. */
    void table(List<String> headers, List<List<String>> rows);
  }
}
