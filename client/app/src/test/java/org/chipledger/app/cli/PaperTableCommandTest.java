package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class PaperTableCommandTest {

  @Test
  void printsTheRecomputedTableWithANoteOnEveryCellThePaperPrintsDifferently() {
    CliRun run = CliRun.of(List.of("inspect", "table1"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("rounded up").contains("GPT-3").contains("Chinchilla-10T †");
    // GPT-3 at C = 1e3: 19 chips per period; the paper prints the approximation 243.
    assertThat(run.out()).contains("231.2 [1]").contains("[1] GPT-3: paper prints 243");
    assertThat(run.out()).contains("paper prints 7, but a 30-day run needs 3,820 chips");
    assertThat(run.out().lines().filter(l -> l.matches("^\\[\\d+] .*"))).hasSize(7);
    assertThat(run.out()).contains("231,568 samples/yr").contains("232 inspectors");
  }

  @Test
  void jsonCarriesPlansAndAgreements() {
    CliRun run = CliRun.of(List.of("--output", "json", "inspect", "table1"));

    assertThat(run.exit()).as(run.err()).isZero();
    JSONObject table = new JSONObject(run.out());
    JSONArray models = table.getJSONArray("models");
    assertThat(models.length()).isEqualTo(6);
    JSONObject chinchilla280b = models.getJSONObject(3).getJSONArray("samples").getJSONObject(0);
    assertThat(chinchilla280b.isNull("annual")).isTrue();
    assertThat(chinchilla280b.getString("agreement")).isEqualTo("PRINTED_BUT_INFEASIBLE");
    assertThat(table.getJSONObject("footnote5").getLong("inspectors")).isEqualTo(232);
  }
}
