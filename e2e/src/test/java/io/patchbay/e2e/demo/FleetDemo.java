package io.patchbay.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.e2e.testing.Await;
import io.patchbay.e2e.testing.Fleet;
import io.patchbay.e2e.testing.HostProcess;
import io.patchbay.e2e.testing.Layout;
import io.patchbay.sample.host.impl.demo.DemoConsole;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The demo's fleet part ({@code mvn -q -DskipTests -Pdemo install}): an update server and two sample hosts on
 * loopback, each in its own JVM, driven through the operator command line. A patch swapped live on both, an
 * AFTER_COMMIT release deferred until each host's commit point, a failing patch rolled back on both with the
 * failure reported, and a stopped host listed dead. Every step checks what it meant to show; the exit status is the
 * number of steps that did not.
 */
public final class FleetDemo {

    private final DemoConsole console;
    private Fleet fleet;
    private final List<String> clients = new ArrayList<>();

    private FleetDemo(PrintWriter out) {
        this.console = new DemoConsole(out);
    }

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        FleetDemo demo = new FleetDemo(out);
        int surprises;
        try {
            surprises = demo.run();
        } finally {
            if (demo.fleet != null) {
                demo.fleet.close();
            }
        }
        System.exit(Math.min(surprises, 100));
    }

    int run() throws Exception {
        console.title("Patchbay fleet demo: an update server and two hosts, each in its own JVM");
        console.step("Start the update server (patchbay server init, then server start)");
        fleet = Fleet.start("demo");
        console.say("check-ins every " + Fleet.POLL_INTERVAL.toSeconds() + " s, a host is dead after "
                + Fleet.DEAD_AFTER + " silent intervals (server start --poll-interval 1s --dead-after 3)");

        console.step("Start two sample hosts with the update agent (serve --agent-root ... --agent-token-file ...)");
        List<HostProcess> hosts = fleet.startHosts(2);
        for (HostProcess host : hosts) {
            clients.add(host.awaitClientId(Duration.ZERO));
            console.say(host.name() + ": enrolled as client " + clients.get(clients.size() - 1) + ", answers \""
                    + host.http().greet("Ada") + "\"");
        }
        fleet.publishBaseline();
        console.say("published the hosts' initial bundles as release 1 (the level they run)");

        console.step("Publish greeter 1.1.0 and deploy it: patchbay deploy r2 --channel stable --policy now");
        fleet.publish("r2", Layout.sampleBundle("patchbay-sample-greeter-update"));
        fleet.deploy("r2", "now");
        for (HostProcess host : hosts) {
            boolean swapped = waitFor(host.name() + " swaps", Fleet.SWAP_ALLOWANCE,
                    () -> host.http().greet("Ada").contains("(v2)"));
            console.say(host.name() + " now answers \"" + host.http().greet("Ada") + "\" (same process, no restart)");
            console.check(swapped, host.name() + " swapped live within a poll interval and the swap");
        }
        console.check(atLevel(2), "both hosts checked in at level 2 (patchbay fleet)");

        console.step("AFTER_COMMIT: formatter 1.1.0 waits for each host's commit point (the end of a request)");
        fleet.publish("r3", Layout.sampleBundle("patchbay-sample-formatter-update"));
        String deployment = fleet.deploy("r3", "after-commit");
        boolean waiting = waitFor("both hosts wait for their commit point", Duration.ofSeconds(40),
                () -> fleet.deploymentStates(deployment, clients).stream().allMatch("WAITING_FOR_POLICY"::equals));
        console.say("patchbay deployments --status: " + fleet.deploymentStates(deployment, clients));
        console.check(waiting, "downloaded, but deferred: no request has ended on either host");
        HostProcess first = hosts.get(0);
        console.say("GET " + first.name() + " /greet?name=ada  lovelace  ->  \"" + first.http().greet("ada  lovelace")
                + "\" (served at the old level; the swap runs when it ends)");
        boolean afterCommit = waitFor(first.name() + " swaps", Fleet.SWAP_ALLOWANCE,
                () -> first.http().greet("ada  lovelace").contains("Ada Lovelace"));
        console.say("GET " + first.name() + " again  ->  \"" + first.http().greet("ada  lovelace") + "\"");
        console.check(afterCommit, first.name() + " swapped at its commit point");
        console.check(fleet.deploymentStates(deployment, clients).get(1).equals("WAITING_FOR_POLICY"),
                hosts.get(1).name() + ", which had no request, still waits");
        hosts.get(1).http().greet("Grace");
        console.check(atLevel(3), "after one request on " + hosts.get(1).name() + " both are at level 3");

        console.step("Publish greeter 1.2.0, whose health check fails, and deploy it NOW");
        fleet.publish("r4", Layout.sampleBundle("patchbay-sample-greeter-unhealthy"));
        fleet.deploy("r4", "now");
        JsonNode[] failed = new JsonNode[1];
        boolean reported = waitFor("both failures reported", Fleet.SWAP_ALLOWANCE.multipliedBy(2),
                () -> (failed[0] = fleet.failedInstalls()).size() == 2);
        for (JsonNode install : failed[0]) {
            console.say("patchbay reports: " + install.path("clientId").asText() + " " + install.path("state").asText()
                    + ": " + firstLine(install.path("cause").asText()));
        }
        console.check(reported, "both hosts rolled back and reported the cause");
        for (HostProcess host : hosts) {
            console.check(host.http().greet("Ada").contains("(v2)"), host.name() + " still answers with greeter 1.1.0");
        }

        console.step("Stop " + hosts.get(1).name() + " (SIGKILL, as a crash)");
        hosts.get(1).kill();
        boolean dead = waitFor("listed dead", Fleet.POLL_INTERVAL.multipliedBy(Fleet.DEAD_AFTER + 1)
                .plus(Duration.ofSeconds(10)), () -> !fleet.client(clients.get(1), true).isMissingNode());
        console.say("patchbay fleet --dead: " + fleet.client(clients.get(1), true));
        console.check(dead, hosts.get(1).name() + " is listed dead after " + Fleet.DEAD_AFTER + " silent intervals");
        console.check(fleet.client(clients.get(0), true).isMissingNode(), hosts.get(0).name() + " is not");

        console.step("Fleet stopped.");
        console.say(console.surprises() == 0 ? "Every step went as intended."
                : console.surprises() + " step(s) did NOT go as intended; see UNEXPECTED above.");
        return console.surprises();
    }

    private boolean atLevel(long level) {
        try {
            fleet.awaitLevel(clients, level);
            return true;
        } catch (AssertionError e) {
            console.say("timed out: " + firstLine(e.getMessage()));
            return false;
        }
    }

    /** A bounded wait that reports a timeout as a surprise instead of ending the demo. */
    private boolean waitFor(String what, Duration timeout, Callable<Boolean> condition) {
        try {
            Await.until(what, timeout, condition, fleet::diagnostics);
            return true;
        } catch (AssertionError e) {
            console.say("timed out: " + firstLine(e.getMessage()));
            System.err.println(e.getMessage());
            return false;
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
