package org.chipledger.app.dashboard;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chipledger.app.dashboard.devtools.HeadlessChromium;
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
 * Debian's headless Chromium, driven through its chromedriver (Selenium), opening dashboard pages
 * and waiting until each is drawn: what the browser tests look through. {@code bench dashboard}
 * drives the browser without Selenium, through {@link HeadlessChromium}.
 */
final class HeadlessBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final WebDriverWait wait;

  private HeadlessBrowser(ChromeDriver driver) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, HeadlessChromium.PATIENCE);
  }

  /**
   * Starts the browser.
   *
   * @throws IllegalStateException if Chromium or its driver is not installed
   */
  static HeadlessBrowser start() {
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
  WebElement open(URI home, String pageId) {
    driver.get(HeadlessChromium.pageUrl(home, pageId).toString());
    return drawn(By.cssSelector(HeadlessChromium.drawnPage(pageId)));
  }

  /** Waits until an element matching {@code drawn} is present and returns it. */
  WebElement drawn(By drawn) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(drawn));
  }

  /** Types into the input {@code field} (replacing its text). */
  void type(By field, String text) {
    WebElement input = driver.findElement(field);
    input.clear();
    input.sendKeys(text);
  }

  /** Chooses the option of value {@code value} in the select {@code field}. */
  void select(By field, String value) {
    new Select(driver.findElement(field)).selectByValue(value);
  }

  /** Clicks {@code button}. */
  void click(By button) {
    driver.findElement(button).click();
  }

  /** The page as shown, in PNG. */
  byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
