package io.kiln.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's headless Chromium through Selenium) against the assembled appliance,
 * started once: the forced first password change, registering a host (its page following its zero-touch run as it
 * starts), cancelling that run from the page, a host's timeline updating while events arrive, releasing a quarantined host, approving and rejecting waiting machines, uploading the fake plugin from the
 * Plugins page and powering a host through it (power on, off, cycle, one-time PXE), an action no plugin of a host can
 * do shown with its reason, a viewer without action or upload controls whom the server refuses anyway, a forged
 * cross-site POST refused, the security headers, and screenshots of the main pages (with 10,000 hosts) in
 * target/console-shots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    static final String NEW_PASSWORD = "kiln-console-1";
    static final Path SHOTS = Path.of("target/console-shots");
    static final String BASE = "http://" + RootLink.NS_IP + ":8080";

    static RootLink link;
    static KilnAppliance kiln;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        link = new RootLink("con");
        kiln = new KilnAppliance("con", link.ns);
        kiln.config("io.kiln.web", Map.of("allowedClients", "127.0.0.0/8,::1," + RootLink.ROOT_IP));
        // a viewer, as an operator adds one (etc/users.properties: user = password, roles)
        Files.writeString(kiln.home.resolve("etc/users.properties"), "\neve = watching1,viewer\n", StandardOpenOption.APPEND);
        kiln.start();
        Files.createDirectories(SHOTS);
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), o);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        KilnAppliance.closeAll(kiln, link);
    }

    /** REST as karaf with the password of the moment, from Kiln's own namespace. */
    static Http rest(String method, String path, String body, String... headers) {
        return new Curl(link.ns, "http://127.0.0.1:8080/api/v1", List.of("-u", "karaf:" + NEW_PASSWORD)).request(method, path, body, headers);
    }

    static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static void heading(String text) {
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), text));
    }

    static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, not only the window: the window made as tall as the page for the shot. */
    static void fullShot(String name) throws Exception {
        JavascriptExecutor js = browser;
        long width = ((Number) js.executeScript("return window.innerWidth")).longValue();
        long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", Math.min(height, 8000), "deviceScaleFactor", 1,
                "mobile", false));
        try {
            shot(name);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    static void login(String user, String password) {
        browser.manage().deleteAllCookies();
        browser.get(BASE + "/console/#/login");
        browser.navigate().refresh();
        visible(By.id("login-user")).sendKeys(user);
        browser.findElement(By.id("login-password")).sendKeys(password);
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    @Test
    @Order(1)
    void theConsoleIsServedWithSecurityHeadersOnHttpAndHttps() {
        for (Curl c : List.of(kiln.http(), new Curl(link.ns, "https://127.0.0.1:8443", List.of("-k")))) {
            Http page = c.get("/console/");
            assertEquals(200, page.status(), page.toString());
            assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"), page.body());
            String csp = page.header("Content-Security-Policy");
            assertNotNull(csp, page.toString());
            assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", page.header("X-Content-Type-Options"));
            assertEquals("no-referrer", page.header("Referrer-Policy"));
            assertEquals("no-cache", page.header("Cache-Control"));
            Http again = c.request("GET", "/console/js/app.js", null, "If-None-Match: " + c.get("/console/js/app.js").header("ETag"));
            assertEquals(304, again.status(), again.toString());
            assertEquals(404, c.get("/console/../etc/users.properties").status());
        }
        // the session endpoint answers over HTTPS too, with a Secure cookie there
        Http https = new Curl(link.ns, "https://127.0.0.1:8443/api/v1", List.of("-k")).request("POST", "/session", "{\"user\":\"eve\",\"password\":\"watching1\"}");
        assertEquals(200, https.status(), https.toString());
        String cookie = https.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"), cookie);
        assertFalse(https.body().contains(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'))), "the id is the cookie's only");
    }

    @Test
    @Order(2)
    void theFirstLoginForcesAPasswordChangeThenShowsTheDashboard() throws Exception {
        login("karaf", "karaf");
        heading("Change the default password");
        // the session can do nothing else meanwhile
        Object refused = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/hosts').then(r => r.json().then(b => done(r.status + ' ' + b.detail)))");
        assertEquals("403 change the default password first (PUT /api/v1/users/karaf/password)", refused);
        visible(By.id("pw-current")).sendKeys("karaf");
        browser.findElement(By.id("pw-new")).sendKeys("karaf");
        browser.findElement(By.id("pw-again")).sendKeys("karaf");
        browser.findElement(By.cssSelector("#password-form button[type=submit]")).click();
        String policy = visible(By.cssSelector("#password-form .error")).getText();
        assertTrue(policy.contains("at least 8 characters"), policy);
        for (String id : List.of("pw-current", "pw-new", "pw-again")) browser.findElement(By.id(id)).clear();
        browser.findElement(By.id("pw-current")).sendKeys("karaf");
        browser.findElement(By.id("pw-new")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.id("pw-again")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.cssSelector("#password-form button[type=submit]")).click();
        heading("Dashboard");
        // the new password is Karaf's now: HTTP Basic (scripts) takes it, the shipped one no longer
        assertEquals(200, rest("GET", "/hosts", null).status());
        assertEquals(401, kiln.http().api().get("/hosts").status());
    }

    @Test
    @Order(3)
    void aHostRegisteredThroughTheForm() {
        // with an OS profile, so that (ZTP being the default mode) Kiln starts its zero-touch run by itself
        Http profile = rest("POST", "/profiles", "{\"name\":\"edge-os\",\"kernel\":\"vmlinuz\",\"initrds\":[\"initrd.img\"]}");
        assertEquals(201, profile.status(), profile.toString());
        browser.get(BASE + "/console/#/hosts");
        heading("Hosts");
        visible(By.id("reg-name")).sendKeys("edge-form-1");
        browser.findElement(By.id("reg-mac")).sendKeys("52:54:00:c0:00:01");
        browser.findElement(By.id("reg-profile")).sendKeys("edge-os");
        browser.findElement(By.cssSelector("#register-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "edge-form-1"));
        JsonNode host = rest("GET", "/hosts/edge-form-1", null).json();
        assertEquals("52:54:00:c0:00:01", host.path("macs").path(0).asText());
        // its zero-touch run starts a moment later (the workflow engine's next round): the page shows it running and
        // offers Cancel, not Reprovision, as the REST API says, without a reload
        ((JavascriptExecutor) browser).executeScript("window.kilnMarker = 'registered'");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("s-workflow"), "RUNNING"));
        assertTrue(browser.findElement(By.id("s-workflow")).getText().contains("ztp"), browser.findElement(By.id("s-workflow")).getText());
        assertEquals("RUNNING", rest("GET", "/workflow-runs/edge-form-1", null).json().path("state").asText());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#actions button[data-action='cancel']")));
        assertTrue(browser.findElements(By.cssSelector("#actions button[data-action='reprovision']")).isEmpty(), "no Reprovision while ztp runs");
        String why = browser.findElement(By.cssSelector("#actions li[data-action='reprovision']")).getText();
        assertTrue(why.contains("workflow ztp is running"), why);
        assertEquals("registered", ((JavascriptExecutor) browser).executeScript("return window.kilnMarker"), "no reload");
        // a mistake is the server's own sentence
        browser.get(BASE + "/console/#/hosts");
        visible(By.id("reg-name")).sendKeys("edge-form-1");
        browser.findElement(By.id("reg-mac")).sendKeys("52:54:00:c0:00:01");
        browser.findElement(By.cssSelector("#register-form button[type=submit]")).click();
        assertTrue(visible(By.cssSelector("#register-form .error")).getText().contains("edge-form-1"));
    }

    /** The running ztp run of the host registered above, cancelled from its page: REST says CANCELLED, by whom. */
    @Test
    @Order(4)
    void aRunningWorkflowIsCancelledFromTheHostPage() throws Exception {
        browser.get(BASE + "/console/#/hosts/edge-form-1");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#actions button[data-action='cancel']"))).click();
        // the dialog says what it does in words, the REST call second
        String said = visible(By.cssSelector("dialog.confirm")).getText();
        assertTrue(said.contains("Cancel the ztp run of edge-form-1?") && said.contains("Stops workflow ztp of edge-form-1 at step ") && said.contains("no rollback"), said);
        assertTrue(said.contains("REST call: DELETE /api/v1/workflow-runs/edge-form-1"), said);
        assertTrue(said.contains("Keep it running"), said);
        shot("confirm-cancel");
        confirm();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions"), "Cancel run: done."));
        JsonNode run = rest("GET", "/workflow-runs/edge-form-1", null).json();
        assertEquals("CANCELLED", run.path("state").asText(), run.toString());
        assertEquals("cancelled by karaf", run.path("reason").asText(), run.toString());
        // the page follows: the run shown cancelled, no Cancel any more, Reprovision offered again
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("s-workflow"), "CANCELLED"));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#actions button[data-action='reprovision']")));
        assertTrue(browser.findElements(By.cssSelector("#actions button[data-action='cancel']")).isEmpty());
        // the button pressed went away: the keyboard is on the Actions heading, not back at the page's start
        assertEquals("h-actions", browser.switchTo().activeElement().getAttribute("id"));
    }

    /** As reported: after Detach the page said "done" but still showed the ztp run RUNNING until a reload. */
    @Test
    @Order(4)
    void aDetachedHostsPageShowsItDetached() {
        assertEquals(201, rest("POST", "/hosts", "{\"name\":\"edge-detach\",\"macs\":[\"52:54:00:c0:00:0d\"],\"profile\":\"edge-os\"}").status());
        browser.get(BASE + "/console/#/hosts/edge-detach");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("s-workflow"), "RUNNING"));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#actions button[data-action='detach']"))).click();
        String said = visible(By.cssSelector("dialog.confirm")).getText();
        assertTrue(said.contains("Kiln stops managing edge-detach: its running ztp run is cancelled at step")
                && said.contains("its network boot goes to its local disk"), said);
        confirm();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions"), "Detach: done."));
        assertEquals("DETACHED", rest("GET", "/workflow-runs/edge-detach", null).json().path("state").asText());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("s-workflow"), "DETACHED"));
        assertFalse(browser.findElement(By.id("s-workflow")).getText().contains("RUNNING"), browser.findElement(By.id("s-workflow")).getText());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#actions button[data-action='attach']")));
    }

    @Test
    @Order(5)
    void theTimelineShowsNewEventsWithoutAReload() throws Exception {
        browser.get(BASE + "/console/#/hosts/edge-form-1");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "edge-form-1"));
        ((JavascriptExecutor) browser).executeScript("window.kilnMarker = 'same page'");
        // the machine asks for its iPXE script, as it does when it network-boots: an HTTP event on its timeline
        Http ipxe = kiln.http().get("/boot/ipxe?mac=52:54:00:c0:00:01");
        assertEquals(200, ipxe.status(), ipxe.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "ipxe-script"));
        assertEquals("same page", ((JavascriptExecutor) browser).executeScript("return window.kilnMarker"), "no reload");
        shot("host");
    }

    @Test
    @Order(6)
    void aQuarantinedHostIsReleasedFromItsPage() throws Exception {
        Http tpl = rest("POST", "/workflows", "{\"name\": \"gated\", \"description\": \"a gate no machine passes\","
                + " \"steps\": [{\"type\": \"wait-approval\", \"gates\": [\"memory >= 4096GiB\"]}]}");
        assertEquals(201, tpl.status(), tpl.toString());
        assertEquals(201, rest("POST", "/hosts", "{\"name\":\"edge-q\",\"macs\":[\"52:54:00:c0:00:02\"]}").status());
        Http run = rest("POST", "/workflow-runs/edge-q", "{\"template\":\"gated\"}");
        assertEquals(200, run.status(), run.toString());
        KilnAppliance.poll(() -> rest("GET", "/hosts/edge-q", null).json().path("currentState").asText(), "QUARANTINED"::equals,
                Duration.ofSeconds(30), Duration.ofMillis(300));
        browser.get(BASE + "/console/#/hosts/edge-q");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "QUARANTINED"));
        WebElement release = wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Release from quarantine']")));
        release.click();
        visible(By.cssSelector("dialog.confirm button.danger")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions"), "Release from quarantine: done."));
        // released by the console's user (its gate, checked again at once, may quarantine it again: nothing reports new facts)
        Http events = rest("GET", "/hosts/edge-q/events", null);
        assertTrue(events.body().contains("released from quarantine by karaf"), events.toString());
    }

    /** A machine that is in no inventory asks to onboard (its CSR over HTTPS, as its agent does) and waits: 202. */
    static Http onboard(String mac, String serial) throws Exception {
        String csr = Exec.run(30, null, List.of("sh", "-c", "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null"
                + " -subj /CN=x 2>/dev/null")).out();
        String body = "{\"macs\":[\"" + mac + "\"],\"serial\":\"" + serial + "\",\"csr\":" + Http.JSON.writeValueAsString(csr) + "}";
        return new Curl(link.ns, "https://127.0.0.1:8443", List.of("-k")).request("POST", "/api/v1/onboard", body, "Content-Type: application/json");
    }

    static JsonNode pendingMachine(String id) {
        for (JsonNode m : rest("GET", "/pending?all=true", null).json().path("items")) if (m.path("id").asText().equals(id)) return m;
        throw new AssertionError("no machine " + id + " in GET /pending?all=true");
    }

    static void confirm() {
        visible(By.cssSelector("dialog.confirm button.danger")).click();
    }

    @Test
    @Order(7)
    void aWaitingMachineIsApprovedAndAnotherRejected() throws Exception {
        for (String[] m : new String[][] {{"52:54:00:c0:00:a1", "SER-A1"}, {"52:54:00:c0:00:a2", "SER-A2"}}) {
            Http waits = onboard(m[0], m[1]);
            assertEquals(202, waits.status(), waits.toString());
        }
        browser.get(BASE + "/console/#/hosts");
        heading("Hosts");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pending"), "mac-525400c000a2"));
        // approved as a new host, named by the operator (nothing in the inventory resembles it)
        visible(By.cssSelector("button[aria-label='Approve mac-525400c000a1']")).click();
        WebElement name = visible(By.id("approve-host"));
        assertTrue(browser.findElement(By.id("approve-register")).isSelected(), "an unknown machine is registered as a new host");
        name.sendKeys("edge-approved");
        confirm();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pending"), "Machine mac-525400c000a1 approved as host edge-approved."));
        JsonNode host = rest("GET", "/hosts/edge-approved", null).json();
        assertEquals("52:54:00:c0:00:a1", host.path("macs").path(0).asText(), host.toString());
        assertEquals("SER-A1", host.path("serial").asText(), host.toString());
        JsonNode approved = pendingMachine("mac-525400c000a1");
        assertEquals("APPROVED", approved.path("state").asText(), approved.toString());
        assertTrue(approved.path("decision").asText().contains("by karaf"), approved.toString());
        // rejected, with the reason the machine is told when it asks again
        visible(By.cssSelector("button[aria-label='Reject mac-525400c000a2']")).click();
        visible(By.id("reject-reason")).sendKeys("not one of ours");
        confirm();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pending"), "Machine mac-525400c000a2 rejected."));
        assertEquals("REJECTED", pendingMachine("mac-525400c000a2").path("state").asText());
        assertFalse(browser.findElement(By.id("pending")).getText().contains("mac-525400c000a1"), "decided machines leave the list");
        Http refused = onboard("52:54:00:c0:00:a2", "SER-A2");
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.body().contains("not one of ours"), refused.body());
    }

    @Test
    @Order(8)
    void anAdminUploadsAPluginJarWhichIsDeployed() {
        Path jar = Path.of(System.getProperty("kiln.fakePlugin")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "the fake plugin is built first: " + jar);
        browser.get(BASE + "/console/#/plugins");
        heading("Plugins");
        visible(By.id("plugin-file")).sendKeys(jar.toString());
        browser.findElement(By.cssSelector("#plugin-upload button[type=submit]")).click();
        confirm();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("plugin-msg"), "Deployed: kiln-plugin-fake is running."));
        assertTrue(browser.findElement(By.id("plugin-list")).getText().contains("fake"));
        assertTrue(Files.isRegularFile(kiln.home.resolve("deploy/kiln-plugin-fake.jar")), "written into deploy/");
        JsonNode plugins = rest("GET", "/plugins", null).json().path("items");
        assertEquals("fake", plugins.path(0).path("name").asText(), plugins.toString());
    }

    @Test
    @Order(9)
    void powerAndAOneTimePxeBootThroughTheHostsPlugin() {
        assertEquals(201, rest("POST", "/hosts", "{\"name\":\"edge-bmc\",\"macs\":[\"52:54:00:c0:00:b1\"],\"bmc\":{\"address\":\"fake://rack9/node1\"},"
                + "\"vars\":{\"ntp_server\":\"10.0.0.1\"}}").status());
        // its hardware as the plugin inspects it (the host page's hardware section, and the screenshots, show it)
        Http inspected = rest("POST", "/hosts/edge-bmc/inspection", null);
        assertEquals(200, inspected.status(), inspected.toString());
        browser.get(BASE + "/console/#/hosts/edge-bmc");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "edge-bmc"));
        // by keyboard: Enter opens the confirmation, Escape leaves it and nothing happens
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#actions button[data-action='power-on']"))).sendKeys(Keys.ENTER);
        visible(By.cssSelector("dialog.confirm"));
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(Keys.ESCAPE).perform();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog.confirm"), 0));
        assertEquals("OFF", rest("GET", "/hosts/edge-bmc/power", null).json().path("state").asText(), "cancelled: still off");
        for (String[] step : new String[][] {{"power-on", "Power on", "ON"}, {"power-off", "Power off", "OFF"}, {"power-cycle", "Power cycle", "ON"}}) {
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#actions button[data-action='" + step[0] + "']"))).click();
            confirm();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions"), step[1] + ": done."));
            JsonNode power = rest("GET", "/hosts/edge-bmc/power", null).json();
            assertEquals(step[2], power.path("state").asText(), step[1] + ": " + power);
        }
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#actions button[data-action='pxe-once']"))).click();
        confirm();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions"), "Boot from the network once (PXE): done."));
        String events = rest("GET", "/hosts/edge-bmc/events", null).body();
        assertTrue(events.contains("\"bmc-power\"") && events.contains("\"bmc-boot-device\""), events);
        // the plugin's answers arrive on the page's live timeline too
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "bmc-boot-device"));
    }

    @Test
    @Order(10)
    void anActionNoPluginOfTheHostCanDoIsNotOfferedAndSaysWhy() {
        assertEquals(201, rest("POST", "/hosts", "{\"name\":\"edge-unclaimed\",\"macs\":[\"52:54:00:c0:00:b2\"],\"bmc\":{\"address\":\"https://10.0.0.9\"}}").status());
        String reason = null;
        for (JsonNode a : rest("GET", "/hosts/edge-unclaimed/actions", null).json().path("items")) {
            if (a.path("action").asText().equals("power-on")) {
                assertFalse(a.path("available").asBoolean(), a.toString());
                reason = a.path("reason").asText();
            }
        }
        assertNotNull(reason);
        assertTrue(reason.startsWith("no plugin of this host's BMC supports power control"), reason);
        browser.get(BASE + "/console/#/hosts/edge-unclaimed");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#actions li[data-action='power-on']"), reason));
        assertTrue(browser.findElements(By.cssSelector("#actions button[data-action^='power-'], #actions button[data-action='pxe-once']")).isEmpty(),
                "no power or PXE button for it");
        assertFalse(browser.findElements(By.cssSelector("#actions button[data-action='reprovision']")).isEmpty(), "what it can do is offered");
    }

    @Test
    @Order(11)
    void aViewerSeesNoActionsAndIsRefusedWrites() {
        login("eve", "watching1");
        heading("Dashboard");
        browser.get(BASE + "/console/#/hosts/edge-form-1");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions"), "Read only"));
        assertTrue(browser.findElements(By.cssSelector("#actions button")).isEmpty());
        browser.get(BASE + "/console/#/hosts");
        heading("Hosts");
        assertTrue(browser.findElements(By.id("register-form")).isEmpty());
        // the plugins are listed to a viewer, without the upload control (the server refuses its upload anyway)
        browser.get(BASE + "/console/#/plugins");
        heading("Plugins");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("plugin-list"), "kiln-plugin-fake"));
        assertTrue(browser.findElements(By.id("plugin-upload")).isEmpty());
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Only an admin uploads plugins."));
        Object upload = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/session').then(r => r.json()).then(s => fetch('/api/v1/plugins', {method: 'POST', headers: {'Content-Type':"
                + " 'application/java-archive', 'X-CSRF-Token': s.csrfToken}, body: new Blob(['PK'])})).then(r => done(r.status))");
        assertEquals(403L, upload);
        Object answer = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/session').then(r => r.json()).then(s => fetch('/api/v1/hosts', {method: 'POST', headers: {'Content-Type':"
                + " 'application/json', 'X-CSRF-Token': s.csrfToken}, body: JSON.stringify({name: 'sneaky', macs: ['52:54:00:c0:00:09']})}))"
                + ".then(r => done(r.status))");
        assertEquals(403L, answer);
        assertEquals(404, rest("GET", "/hosts/sneaky", null).status());
        // a viewer reads the inventory, not a copy of the whole store (token digests): admin only, session or Basic
        Object backup = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/store/backup').then(r => done(r.status))");
        assertEquals(403L, backup);
        Http basic = new Curl(link.ns, "http://127.0.0.1:8080/api/v1", List.of("-u", "eve:watching1")).get("/store/backup");
        assertEquals(403, basic.status(), basic.toString());
    }

    @Test
    @Order(12)
    void aForgedCrossSitePostIsRefused() {
        Curl api = new Curl(link.ns, "http://127.0.0.1:8080/api/v1");
        Http login = api.request("POST", "/session", "{\"user\":\"karaf\",\"password\":\"" + NEW_PASSWORD + "\"}");
        assertEquals(200, login.status(), login.toString());
        String cookie = login.header("Set-Cookie").split(";")[0];
        String csrf = login.json().path("csrfToken").asText();
        assertFalse(login.json().path("mustChangePassword").asBoolean());
        // what another site's form or script can send: the cookie (were it not SameSite), never the token
        Http forged = api.request("POST", "/hosts", "{\"name\":\"forged\",\"macs\":[\"52:54:00:c0:00:0f\"]}", "Cookie: " + cookie,
                "Origin: http://evil.example");
        assertEquals(403, forged.status(), forged.toString());
        assertTrue(forged.json().path("detail").asText().contains("X-CSRF-Token"), forged.body());
        assertEquals(404, rest("GET", "/hosts/forged", null).status());
        // the same call from the console, with its token, goes through
        Http real = api.request("POST", "/hosts", "{\"name\":\"with-token\",\"macs\":[\"52:54:00:c0:00:0e\"]}", "Cookie: " + cookie,
                "X-CSRF-Token: " + csrf);
        assertEquals(201, real.status(), real.toString());
        // logged out, the cookie is worth nothing
        assertEquals(200, api.request("DELETE", "/session", null, "Cookie: " + cookie, "X-CSRF-Token: " + csrf).status());
        assertEquals(401, api.request("GET", "/hosts", null, "Cookie: " + cookie).status());
    }

    @Test
    @Order(13)
    void failedLoginsAreLimited() {
        // from 127.0.0.2, so that the test's own REST calls (from 127.0.0.1) are not held up
        Curl api = new Curl(link.ns, "http://127.0.0.1:8080/api/v1").with("--interface", "127.0.0.2");
        for (int i = 0; i < 5; i++) assertEquals(401, api.request("POST", "/session", "{\"user\":\"karaf\",\"password\":\"guess" + i + "\"}").status());
        Http held = api.request("POST", "/session", "{\"user\":\"karaf\",\"password\":\"" + NEW_PASSWORD + "\"}");
        assertEquals(429, held.status(), held.toString());
        assertTrue(held.json().path("detail").asText().startsWith("too many failed logins from 127.0.0.2"), held.body());
        // HTTP Basic is held to the same limit: even the right password waits, told how long, as problem+json
        Http basic = api.with("-u", "karaf:" + NEW_PASSWORD).get("/hosts");
        assertEquals(429, basic.status(), basic.toString());
        assertTrue(basic.header("Content-Type").startsWith("application/problem+json"), basic.toString());
        long retry = Long.parseLong(basic.header("Retry-After"));
        assertTrue(retry >= 1 && retry <= 60, basic.toString());
        // Basic failures alone reach the limit too (from another address); another address is not held up meanwhile
        Curl other = new Curl(link.ns, "http://127.0.0.1:8080/api/v1").with("--interface", "127.0.0.3");
        for (int i = 0; i < 5; i++) assertEquals(401, other.with("-u", "karaf:guess" + i).get("/hosts").status());
        Http basicHeld = other.with("-u", "karaf:" + NEW_PASSWORD).get("/hosts");
        assertEquals(429, basicHeld.status(), basicHeld.toString());
        assertTrue(basicHeld.json().path("detail").asText().startsWith("too many failed logins from 127.0.0.3"), basicHeld.body());
        assertEquals(200, rest("GET", "/hosts", null).status(), "127.0.0.1 is not held up");
    }

    @Test
    @Order(14)
    void screenshotsWithTenThousandHosts() throws Exception {
        Path dir = kiln.home.resolve("data/console-it-inventory");
        Files.createDirectories(dir.resolve("sites"));
        Files.createDirectories(dir.resolve("hosts"));
        String[] sites = {"shop-berlin-07", "plant-munich-02", "depot-hamburg-01"};
        for (String s : sites) Files.writeString(dir.resolve("sites/" + s + ".yaml"), "name: " + s + "\nmode: NON_ZTP\n");
        for (int i = 0; i < 10_000; i++) {
            String name = String.format("node-%05d", i);
            Files.writeString(dir.resolve("hosts/" + name + ".yaml"), "name: " + name + "\nmacs: [\"02:00:00:00:" + String.format("%02x:%02x", i >> 8, i & 0xff)
                    + "\"]\nsite: " + sites[i % 3] + "\nlabels:\n  rack: r" + (i % 40) + "\n");
        }
        // over the root link with a long timeout (curl's is 20 s): on a busy machine the import of 10,000 hosts takes a while
        java.net.http.HttpResponse<String> apply = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(BASE + "/api/v1/inventory/apply?dir=" + dir)).timeout(Duration.ofMinutes(3))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("karaf:" + NEW_PASSWORD).getBytes()))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, apply.statusCode(), apply.body());
        assertTrue(rest("GET", "/hosts?limit=1", null).total() >= 10_000);
        login("karaf", NEW_PASSWORD);
        heading("Dashboard");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "depot-hamburg-01"));
        // a per-minute rate is rounded for a person (no 3.3333333)
        String requests = visible(By.cssSelector("section[aria-labelledby='h-requests']")).getText();
        assertFalse(requests.matches("(?s).*\\d\\.\\d\\d.*"), requests);
        // and never more a minute than were counted since start (a rate is taken over a minute at least)
        for (WebElement row : browser.findElements(By.cssSelector("section[aria-labelledby='h-requests'] tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            String rate = cells.get(2).getText().replace(",", "");
            if (rate.startsWith("measuring")) continue;
            assertTrue(Double.parseDouble(rate) <= Long.parseLong(cells.get(1).getText().replace(",", "")), row.getText());
        }
        shot("dashboard-window"); // what one laptop screen shows (the README's docs/console.png)
        fullShot("dashboard");
        browser.get(BASE + "/console/#/hosts");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("hosts-count"), "of 100"));
        fullShot("hosts");
        browser.get(BASE + "/console/#/hosts?site=plant-munich-02&offset=50");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("hosts-count"), "Hosts 51–100 of 3333"));
        // the host page of a host with a BMC, its inspected hardware, a variable and a timeline; one with a workflow
        browser.get(BASE + "/console/#/hosts/edge-bmc");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "bmc-inspect"));
        String hardware = browser.findElement(By.id("s-hardware")).getText();
        assertTrue(hardware.contains("Kiln Fake Server") && hardware.contains("64 GiB"), hardware);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("s-variables"), "ntp_server"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("s-bmc"), "Which plugin serves what"));
        fullShot("host");
        browser.get(BASE + "/console/#/hosts/edge-q");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("s-workflow"), "wait-approval"));
        fullShot("host-workflow");
        // a tablet (820x1180): still usable, nothing wider than the window
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
        for (String[] page : new String[][] {{"#/", "Dashboard", "dashboard"}, {"#/hosts", "Hosts", "hosts"}, {"#/hosts/edge-bmc", "edge-bmc", "host"}}) {
            browser.get(BASE + "/console/" + page[0]);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), page[1]));
            wait.until(ExpectedConditions.invisibilityOfElementWithText(By.tagName("main"), "Loading…"));
            Object overflow = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth > window.innerWidth");
            assertEquals(Boolean.FALSE, overflow, page[0] + " is wider than a tablet");
            fullShot(page[2] + "-tablet");
        }
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
    }

    /**
     * The templates page renders a host's per-host files as the machine will get them (GET /api/v1/boot/file), and
     * the templates, leases and inventory pages read as words, not JSON or camelCase field names.
     */
    @Test
    @Order(15)
    void theTemplatesPageRendersAHostsFiles() throws Exception {
        Http profile = rest("POST", "/profiles", "{\"name\":\"microos\",\"kernel\":\"vmlinuz\",\"initrds\":[\"initrd.img\"]}");
        assertEquals(201, profile.status(), profile.toString());
        assertEquals(201, rest("POST", "/hosts", "{\"name\":\"edge-tpl\",\"macs\":[\"52:54:00:c0:00:09\"],\"profile\":\"microos\"}").status());
        browser.get(BASE + "/console/#/templates?host=edge-tpl"); // still logged in from the screenshots
        heading("Templates");
        browser.findElement(By.cssSelector("#tpl-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tpl-preview"), "#cloud-config"));
        String preview = browser.findElement(By.id("tpl-preview")).getText();
        assertTrue(preview.contains("/cloud-init/edge-tpl/user-data") && preview.contains("edge-tpl"), preview);
        // the same file through the REST API, as the page asked for it
        Http file = rest("GET", "/boot/file?path=/cloud-init/edge-tpl/meta-data", null);
        assertEquals(200, file.status(), file.toString());
        assertTrue(file.json().path("content").asText().contains("edge-tpl"), file.toString());
        assertEquals(404, rest("GET", "/boot/file?path=/cloud-init/nosuch/user-data", null).status());
        // workflow templates as cards with their steps in order, built-in ones saying so in words
        WebElement ztp = visible(By.cssSelector("article.template[data-template='ztp']"));
        assertTrue(ztp.getText().matches("(?s)ztp\\s+Built-in\\s.*"), ztp.getText());
        List<String> steps = ztp.findElements(By.cssSelector("ol.steps > li")).stream().map(e -> e.getText().split(" ")[0]).toList();
        assertEquals(List.of("boot-device", "power-on", "wait-onboarded", "image", "files", "reboot", "wait-first-boot"), steps);
        String profiles = browser.findElement(By.cssSelector("section[aria-labelledby='h-tpl-profiles']")).getText();
        assertTrue(profiles.contains("microos") && profiles.contains("initrd.img"), profiles);
        String workflows = browser.findElement(By.cssSelector("section[aria-labelledby='h-tpl-workflows']")).getText();
        for (String raw : List.of("{\"", "[{", "builtIn", "true", "null")) assertFalse(workflows.contains(raw) || profiles.contains(raw), raw + " in " + workflows + profiles);
        fullShot("templates");
        for (String[] page : new String[][] {{"#/leases", "Leases and pools", "leases"}, {"#/inventory", "Declarative inventory", "inventory"}}) {
            browser.get(BASE + "/console/" + page[0]);
            heading(page[1]);
            wait.until(ExpectedConditions.invisibilityOfElementWithText(By.tagName("main"), "Loading…"));
            String text = browser.findElement(By.tagName("main")).getText();
            for (String raw : List.of("offersReused", "routerAdvertisements", "appliedRevision", "lastError", "{\"")) assertFalse(text.contains(raw), raw + " in " + text);
            fullShot(page[2]);
        }
    }
}
