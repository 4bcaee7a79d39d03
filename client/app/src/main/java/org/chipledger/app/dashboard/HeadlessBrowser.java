package org.chipledger.app.dashboard;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its chromedriver, opening dashboard pages and waiting
 * until each is drawn: what the browser tests and {@code bench dashboard} look through.
 */
public final class HeadlessBrowser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Generous: a loaded machine may take long, and a wait ends as soon as its condition holds. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private final ChromeDriver driver;
  private final WebDriverWait wait;

  private HeadlessBrowser(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, PATIENCE);
  }

  /**
   * Starts the browser.
   *
   * @throws IllegalStateException if Chromium or its driver is not installed
   */
  public static HeadlessBrowser start() {
    for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(
            binary + " is missing: apt-get install chromium chromium-driver (./test.sh does)");
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: the sandbox needs user namespaces, which containers and root lack.
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,760");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new HeadlessBrowser(new ChromeDriver(service, options));
  }

  /** Loads {@code home}'s page {@code pageId} afresh and returns its section once it is drawn. */
  public WebElement open(URI home, String pageId) {
    driver.get(home.resolve("?load=" + System.nanoTime() + "#" + pageId).toString());
    return drawn(By.cssSelector("#page-" + pageId + "[data-loaded='true']"));
  }

  /** Waits until an element matching {@code drawn} is present and returns it. */
  public WebElement drawn(By drawn) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(drawn));
  }

  /** Types into the input {@code field} (replacing its text). */
  public void type(By field, String text) {
    WebElement input = driver.findElement(field);
    input.clear();
    input.sendKeys(text);
  }

  /** Chooses the option of value {@code value} in the select {@code field}. */
  public void select(By field, String value) {
    new Select(driver.findElement(field)).selectByValue(value);
  }

  /** Clicks {@code button}. */
  public void click(By button) {
    driver.findElement(button).click();
  }

  /** The page as shown, in PNG. */
  public byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
