package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.testing.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's Chromium, headless, through Selenium and Debian's chromedriver
 * (run-tests.sh installs both). Users log in on real Tomcat nodes with the sessiondb store; an operator
 * opens the console, searches a principal, clicks Revoke, and the session is gone on the node and on the
 * page.
 *
 * <p>With {@code -Dsessiondb.screenshots=DIR} it saves {@code console-overview.png} and
 * {@code console-sessions.png} there (the ones in docs/images are made so).
 */
class ConsoleBrowserIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String PASSWORD = "browser-it-password";
    private static final String TABLET = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    private static final String BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private final String table = TestDatabase.uniqueTable("cliserve_browser");
    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        TestDatabase.dropTables(table);
    }

    @Test
    void anOperatorRevokesASessionFromTheBrowser() throws Exception {
        TomcatNode nodeA = opened(TomcatNode.start(TestDatabase.PG_URL, table, "shop", "node-a"));
        TomcatNode nodeB = opened(TomcatNode.start(TestDatabase.PG_URL, table, "shop", "node-b"));
        TomcatNode.Client danaDesktop = nodeA.client(AbstractConsoleIT.DESKTOP).login("dana");
        TomcatNode.Client danaPhone = nodeB.client(AbstractConsoleIT.MOBILE).login("dana");
        nodeA.client(AbstractConsoleIT.DESKTOP).login("erik");
        nodeB.client(TABLET).login("fatima");
        nodeA.client(AbstractConsoleIT.MOBILE).login("fatima");
        nodeB.client(AbstractConsoleIT.DESKTOP).login("gus");
        nodeA.client(BOT).login("crawler");
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(TestDatabase.PG_URL);
        config.setTableName(table);
        config.setCreateSchema(false);
        SessionAdmin admin = opened(SessionAdmin.start(config));
        ConsoleServer console = opened(ConsoleServer.start(admin, "127.0.0.1", 0, PASSWORD, 10));
        Path profile = Files.createTempDirectory("cli-serve-chromium-");
        open.add(() -> deleteTree(profile));
        WebDriver browser = chromium(profile);
        open.add(browser::quit);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get("http://admin:" + PASSWORD + "@127.0.0.1:" + console.port() + "/");
        assertEquals("Overview · sessiondb", browser.getTitle());
        assertEquals(4, browser.findElements(By.cssSelector("svg.chart")).size());
        screenshot(browser, "console-overview.png");

        browser.findElement(By.id("principal")).sendKeys("dana");
        browser.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.titleIs("Sessions of dana in every app · sessiondb"));
        WebElement desktopRow = browser.findElement(By.id("s-" + danaDesktop.shortId()));
        assertTrue(desktopRow.getText().contains("active"), desktopRow.getText());
        assertEquals(2, browser.findElements(By.cssSelector("table.sessions tbody tr")).size());
        screenshot(browser, "console-sessions.png");

        desktopRow.findElement(By.cssSelector("button.revoke")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Revoked 1 session."));
        assertTrue(browser.getCurrentUrl().contains("sessions?principal=dana"), browser.getCurrentUrl());
        assertEquals(0, browser.findElements(By.cssSelector("#s-" + danaDesktop.shortId() + " button.revoke")).size(),
                "the revoked session has no Revoke button any more");
        assertEquals("no session", danaDesktop.whoami(), "the node no longer has the revoked session");
        assertEquals("user=dana", danaPhone.whoami(), "dana's other session lives");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("s-" + danaPhone.shortId())));
        List<WebElement> revokedRow = browser.findElements(By.id("s-" + danaDesktop.shortId()));
        assertTrue(revokedRow.isEmpty() || !revokedRow.get(0).getText().contains("active"),
                "the page shows the session revoked or gone: " + (revokedRow.isEmpty() ? "gone" : revokedRow.get(0).getText()));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    /** Chromium, headless, with a fresh profile in {@code profile}. */
    private static WebDriver chromium(Path profile) {
        for (String file : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!new File(file).canExecute()) {
                throw new AssertionError(file + " is missing: run ./run-tests.sh (its ensure_chromium step installs"
                        + " Debian's chromium and chromium-driver) or apt-get install -y chromium chromium-driver");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1200", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        String dir = System.getProperty("sessiondb.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of(dir));
        Files.copy(png.toPath(), Path.of(dir, name), StandardCopyOption.REPLACE_EXISTING);
    }
}
