package io.patchbay.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.e2e.testing.Browser;
import io.patchbay.e2e.testing.Fleet;
import io.patchbay.e2e.testing.FleetExtension;
import io.patchbay.e2e.testing.HostProcess;
import io.patchbay.e2e.testing.Layout;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The fleet dashboard in a real browser (headless Chromium) against a real fleet: a server and two sample hosts,
 * each in its own JVM. The steps share the fleet and run in order: sign in and see both hosts appear live; deploy a
 * patch from the page and watch both hosts' level change without a reload; push and suspend a license from the page,
 * each confirmed and audited; start a rollout from the page and watch it halt when its first group's host
 * fails its health check; a READ_ONLY user sees everything and can do nothing. A screenshot of each main view is saved under target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class DashboardBrowserTest {

    @RegisterExtension
    static final FleetExtension FLEETS = new FleetExtension();

    Fleet fleet;
    Browser browser;
    URI dashboard;
    final List<String> clients = new ArrayList<>();

    @BeforeAll
    void startFleetAndBrowser() {
        // the browser first: without chromium the class fails at once, saying what to install
        browser = Browser.start(Layout.workDirectory("browser"), () -> fleet == null ? "" : fleet.diagnostics());
        fleet = FLEETS.manage(Fleet.start("dashboard"));
        for (HostProcess host : fleet.startHosts(2)) {
            clients.add(host.awaitClientId(Duration.ZERO));
        }
        fleet.publishBaseline();
        dashboard = fleet.serverUrl().resolve("/dashboard");
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    void signIn(String token) {
        browser.open(dashboard);
        browser.await("the sign-in form", Duration.ofSeconds(20), () -> browser.find("#token").isDisplayed());
        browser.find("#token").sendKeys(token);
        browser.find("#sign-in").click();
        browser.await("signed in", Duration.ofSeconds(20), () -> browser.find("#app-view").isDisplayed());
    }

    void tab(String view) {
        browser.find("#tab-" + view).click();
        browser.await(view + " shown", Duration.ofSeconds(10), () -> browser.find("#view-" + view).isDisplayed());
    }

    /** The fleet table's rows as clientId → level text, as the page shows them now. */
    Map<String, String> levels() {
        Map<String, String> levels = new java.util.HashMap<>();
        for (WebElement row : browser.all("#fleet-table tbody tr")) {
            levels.put(row.getAttribute("data-client-id"), row.findElement(org.openqa.selenium.By.cssSelector("td.level"))
                    .getText());
        }
        return levels;
    }

    @Test
    void a_anOperatorSignsInAndSeesBothLiveHostsAppear() {
        signIn(fleet.cli().json("admin-token", "create", "--role", "operator", "--label", "ops-dashboard")
                .path("token").asText());
        assertEquals("ops-dashboard", browser.text("#who"));
        assertEquals("OPERATOR", browser.text("#role"));
        browser.await("both hosts listed up to date at level 1", Browser.PAGE_UPDATE, () -> {
            Map<String, String> levels = levels();
            return levels.keySet().containsAll(clients) && clients.stream().allMatch(c -> "1".equals(levels.get(c)))
                    && browser.all("#fleet-table tbody tr[data-state='up to date']").size() == 2;
        });
        assertEquals("2", browser.find("[data-summary='up to date']").getText());
        browser.await("both hosts' health checks reported UP", Browser.PAGE_UPDATE, () -> clients.stream()
                .allMatch(c -> browser.all("#fleet-table tr[data-client-id='" + c + "'] td.health-up").size() == 1));
        assertEquals(1, browser.all("#level-svg rect.bar").size(), "one bar: every client at level 1");
        assertEquals("2", browser.find("#level-svg rect.bar").getAttribute("data-count"));
        browser.screenshot("fleet");
    }

    @Test
    void b_deployingAPatchFromThePageChangesBothHostsLevelWithoutAReload() {
        assertEquals(2, fleet.publish("r2-greeter-1.1.0", Layout.sampleBundle("patchbay-sample-greeter-update")));
        browser.script("window.__sameDocument = 'yes';");
        tab("releases");
        browser.await("release r2 offered", Browser.PAGE_UPDATE,
                () -> browser.all("#deploy-release option[value='r2-greeter-1.1.0']").size() == 1);
        new Select(browser.find("#deploy-release")).selectByValue("r2-greeter-1.1.0");
        new Select(browser.find("#deploy-policy")).selectByValue("NOW");
        browser.find("#deploy-submit").click();
        browser.await("the confirmation", Duration.ofSeconds(10), () -> browser.find("#confirm-dialog").isDisplayed());
        assertTrue(browser.text("#confirm-text").contains("r2-greeter-1.1.0"), browser.text("#confirm-text"));
        browser.find("#confirm-ok").click();
        browser.await("the deployment listed", Browser.PAGE_UPDATE,
                () -> browser.text("#deployments-table tbody").contains("r2-greeter-1.1.0"));
        browser.screenshot("releases");

        tab("fleet");
        browser.await("both hosts at level 2 on the page", Browser.PAGE_UPDATE.multipliedBy(2), () -> {
            Map<String, String> levels = levels();
            return clients.stream().allMatch(c -> "2".equals(levels.get(c)));
        });
        assertEquals("yes", browser.script("return window.__sameDocument;"), "the page was never reloaded");
        fleet.awaitLevel(clients, 2);
        browser.screenshot("fleet-after-deploy");

        tab("installs");
        browser.await("the hosts' install reports", Browser.PAGE_UPDATE,
                () -> browser.all("#installs-table tbody tr").size() >= 2);
        browser.screenshot("installs");

    }

    /** Finds and clicks in one script: the page redraws its tables every 2 s, which would stale a found element. */
    void click(String css) {
        browser.script("document.querySelector(arguments[0]).click();", css);
    }

    /** Clicks {@code css}, checks the confirmation names {@code expected}, confirms, and waits for "done". */
    void confirmedClick(String css, String expected) {
        browser.script("document.getElementById('status-line').textContent = '';");
        click(css);
        browser.await("the confirmation", Duration.ofSeconds(10), () -> browser.find("#confirm-dialog").isDisplayed());
        assertTrue(browser.text("#confirm-text").contains(expected), browser.text("#confirm-text"));
        browser.find("#confirm-ok").click();
        browser.await("the action done", Duration.ofSeconds(30), () -> browser.text("#status-line").startsWith("done:"));
        assertTrue(browser.text("#status-line").contains(expected), browser.text("#status-line"));
    }

    @Test
    void c_pushAndLicenseActionsAreConfirmedAndAudited() {
        tab("fleet");
        String client = clients.get(0);
        click("#fleet-table tr[data-client-id='" + client + "'] button.push-client");
        browser.find("#confirm-cancel").click();
        browser.await("cancelled", Duration.ofSeconds(10), () -> browser.text("#status-line").startsWith("cancelled:"));
        confirmedClick("#fleet-table tr[data-client-id='" + client + "'] button.push-client", client);
        new Select(browser.find("#push-kind")).selectByValue("clients");
        browser.find("#push-channel").clear();
        browser.find("#push-channel").sendKeys(String.join("+", clients));
        confirmedClick("#push-submit", "2 client(s)");

        String license = fleet.cli().json("license", "issue", "--customer", "ACME Corp", "--feature", "reports")
                .path("license").path("id").asText();
        tab("licenses");
        browser.await("the license listed", Browser.PAGE_UPDATE,
                () -> browser.all("#licenses-table tr[data-license-id='" + license + "']").size() == 1);
        confirmedClick("#licenses-table tr[data-license-id='" + license + "'] button.license-suspend", license);
        browser.await("the license suspended on the page", Browser.PAGE_UPDATE, () -> browser
                .text("#licenses-table tr[data-license-id='" + license + "']").contains("SUSPENDED"));
        browser.screenshot("licenses");

        tab("audit");
        browser.await("every action in the audit log", Browser.PAGE_UPDATE, () -> {
            String text = browser.text("#audit-table tbody");
            return text.contains("POST /admin/v1/deployments") && text.contains("POST /admin/v1/pushes")
                    && text.contains("POST /admin/v1/licenses/suspend") && text.contains("ops-dashboard");
        });
        assertTrue(browser.text("#audit-table tbody").contains("SESSION"));
        browser.screenshot("audit");
    }

    @Test
    void d_aRolloutStartedFromThePageHaltsWhenItsFirstGroupFails() {
        assertEquals(3, fleet.publish("r3-greeter-1.2.0", Layout.sampleBundle("patchbay-sample-greeter-unhealthy")));
        tab("rollouts");
        browser.await("release r3 offered", Browser.PAGE_UPDATE,
                () -> browser.all("#rollout-release option[value='r3-greeter-1.2.0']").size() == 1);
        new Select(browser.find("#rollout-release")).selectByValue("r3-greeter-1.2.0");
        browser.find("#rollout-groups").clear();
        // group 1: the first host by name (a percentage of two hosts may pick none or both), group 2: the rest
        browser.find("#rollout-groups").sendKeys(clients.get(0) + ",100");
        confirmedClick("#rollout-submit", "r3-greeter-1.2.0");

        // group 1's host installs the patch, its health check fails, the host rolls back and reports it: one
        // failure reaches the error threshold and the rollout halts before group 2 starts
        String card = ".rollout[data-state='HALTED']";
        browser.await("the rollout halted on the page", Browser.PAGE_UPDATE.multipliedBy(2),
                () -> browser.all(card).size() == 1 && !browser.text(card + " .halt").isBlank());
        assertTrue(browser.text(card + " .halt").startsWith("Halted:"), browser.text(card + " .halt"));
        assertEquals("HALTED", browser.text(card + " tr[data-group='1'] td.state"));
        assertEquals("1", browser.text(card + " tr[data-group='1'] td:nth-child(3)"), "one host in group 1");
        assertEquals("1", browser.text(card + " tr[data-group='1'] td:nth-child(5)"), "one failure in group 1");
        assertTrue(browser.text(card + " .halt").contains(clients.get(0)), "the halt names the failing host");
        assertEquals("SCHEDULED", browser.text(card + " tr[data-group='2'] td.state"), "group 2 never started");
        assertEquals(1, browser.all(card + " svg.progress-svg path.line-failed").size(), "the progress chart");
        browser.screenshot("rollouts");
        // Roll back: the halted group's one host never committed (its health gate rolled the swap back), so the
        // server refuses with its reason, the page shows it, and nothing is deployed
        browser.script("document.getElementById('status-line').textContent = '';");
        click(card + " button.rollout-rollback");
        browser.await("the confirmation", Duration.ofSeconds(10), () -> browser.find("#confirm-dialog").isDisplayed());
        assertTrue(browser.text("#confirm-text").startsWith("Rollback rollout"), browser.text("#confirm-text"));
        browser.find("#confirm-ok").click();
        browser.await("the refusal shown", Duration.ofSeconds(30), () -> browser.text("#status-line").startsWith("refused"));
        assertTrue(browser.text("#status-line").contains("409 nothing_to_roll_back"), browser.text("#status-line"));
        tab("fleet");
        browser.await("both hosts back at level 2, the first one shown failed", Browser.PAGE_UPDATE, () -> {
            Map<String, String> levels = levels();
            return clients.stream().allMatch(c -> "2".equals(levels.get(c)))
                    && browser.all("#fleet-table tr[data-client-id='" + clients.get(0) + "'][data-state='failed']")
                    .size() == 1;
        });
        assertEquals("1", browser.find("[data-summary='failed']").getText());
        browser.screenshot("fleet-after-rollout");
    }

    @Test
    void e_aReadOnlyUserSeesEverythingAndCannotAct() {
        browser.find("#sign-out").click();
        browser.await("signed out", Duration.ofSeconds(20), () -> browser.find("#sign-in-view").isDisplayed());
        signIn(fleet.cli().json("admin-token", "create", "--role", "read-only", "--label", "viewer").path("token")
                .asText());
        assertEquals("READ_ONLY", browser.text("#role"));
        tab("fleet");
        browser.await("both hosts listed", Browser.PAGE_UPDATE, () -> levels().keySet().containsAll(clients));
        assertTrue((Boolean) browser.script("return document.body.classList.contains('read-only');"));
        for (String view : List.of("fleet", "releases", "rollouts", "licenses")) {
            tab(view);
            // one script, so the page's redraw every 2 s cannot swap elements under the check
            Object actionable = browser.script("return Array.from(document.querySelectorAll("
                    + "'.operator-only button, .operator-only input, .operator-only select'))"
                    + ".filter(c => c.offsetParent !== null || !c.disabled)"
                    + ".map(c => c.id || c.className || c.textContent);");
            assertEquals(List.of(), actionable, view + ": actions shown or enabled for a READ_ONLY user");
        }
        tab("releases");
        assertFalse(browser.find("#deploy-form").isDisplayed());
        browser.screenshot("read-only");
        // and the server refuses it anyway, with the session's own CSRF token (what a tampered page could send)
        Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/dashboard/v1/session/current').then(r => r.json()).then(s => fetch('/admin/v1/deployments', {"
                + " method: 'POST', headers: {'Content-Type': 'application/json', 'X-Patchbay-CSRF': s.csrfToken},"
                + " body: JSON.stringify({releaseId: 'r2-greeter-1.1.0', channel: 'stable', policy: {name: 'NOW'}})"
                + "})).then(r => done(r.status), e => done(String(e)));");
        assertEquals(403L, status);
        Object forged = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/admin/v1/pushes', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({action: 'CHECK_NOW', channel: 'stable'})}).then(r => done(r.status));");
        assertEquals(403L, forged, "no CSRF header: refused");
        Object license = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/dashboard/v1/session/current').then(r => r.json()).then(s => fetch('/admin/v1/licenses/revoke', {"
                + " method: 'POST', headers: {'Content-Type': 'application/json', 'X-Patchbay-CSRF': s.csrfToken},"
                + " body: JSON.stringify({id: 'lic_x'})})).then(r => done(r.status), e => done(String(e)));");
        assertEquals(403L, license, "the license extension's routes check the role too");
    }
}
