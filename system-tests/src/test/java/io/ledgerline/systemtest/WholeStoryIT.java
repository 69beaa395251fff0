package io.ledgerline.systemtest;

import io.ledgerline.localstack.LocalStack;
import io.ledgerline.localstack.StackSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system as the local stack runs it (broker, PostgreSQL, every service a JVM of its own from its built jar,
 * started by the launcher's own classes), driven through the public contract only: the ERP's and the bank's records
 * on the ingest topics, people's commands over REST with bearer tokens, outcomes read over REST and from the domain
 * and reporting topics.
 *
 * <p>Two customers live the same story in lockstep: for each step, first {@code SYS-CLEAN}'s part happens and is
 * checked, then {@code SYS-CRASH}'s; at one step, right after {@code SYS-CRASH}'s input went in, one service is
 * killed with SIGKILL ({@code kill -9}) and started again, and the story goes on. At the end both customers must have
 * been left in the same state by every service: what a crash in the middle may not change.
 *
 * <p>Which service dies, and after which step: {@code -Dledgerline.system-test.kill=<service>@<step>} (default
 * {@value #DEFAULT_KILL}). A step needing a service that is not in the build ends the story there, said plainly in
 * the output; the steps that ran are listed.
 */
class WholeStoryIT {

    static final String DEFAULT_KILL = "receivables-service@dispute partially accepted";
    /** When the default's step does not run (disputes not built), the ledger dies after the short payment instead. */
    static final String FALLBACK_KILL = "receivables-service@payment short";

    @Test
    void oneStoryAcrossEveryServiceEndsTheSameWhenAServiceIsKilledInTheMiddle() throws Exception {
        Path root = Path.of(System.getProperty("ledgerline.root", "..")).toAbsolutePath().normalize();
        Path data = root.resolve("system-tests/target/stack-" + System.currentTimeMillis());
        StackSettings settings = StackSettings.onFreePorts(root, data, Story.START);
        try (LocalStack stack = LocalStack.start(settings, System.out); Ledgerline ledgerline = new Ledgerline(stack)) {
            System.out.printf("%nSystem test stack up in %.1f s; %s%n", stack.startedIn().toMillis() / 1000.0,
                    stack.memory().describe());
            Story story = new Story(ledgerline);
            Story.Customer clean = new Story.Customer("SYS-CLEAN");
            Story.Customer crash = new Story.Customer("SYS-CRASH");
            List<Story.Step> steps = story.steps();

            List<Story.Step> runnable = new ArrayList<>();
            List<String> left = new ArrayList<>();
            String stoppedBecause = null;
            for (Story.Step step : steps) {
                Optional<String> missing = ledgerline.missing(step.needs());
                if (missing.isPresent() && step.skippable()) {
                    left.add(step.name() + " (needs " + missing.get() + ")");
                    continue;
                }
                if (missing.isPresent()) {
                    stoppedBecause = "THE STORY STOPS BEFORE \"" + step.name() + "\": it needs " + missing.get()
                            + ", which is not in this build";
                    break;
                }
                runnable.add(step);
            }
            String kill = killPlan(runnable);
            String killService = kill.substring(0, kill.indexOf('@'));
            String killStep = kill.substring(kill.indexOf('@') + 1);

            List<String> ran = new ArrayList<>();
            for (Story.Step step : runnable) {
                long started = System.nanoTime();
                if (step.once()) {
                    step.act().run(null);
                    step.verify().run(clean);
                    step.verify().run(crash);
                } else {
                    step.act().run(clean);
                    step.verify().run(clean);
                    step.act().run(crash);
                    if (step.name().equals(killStep)) {
                        stack.kill(killService);
                        System.out.printf("  killed %s (SIGKILL) right after %s's \"%s\"%n", killService, crash.id(),
                                step.name());
                        Duration back = stack.startService(killService);
                        System.out.printf("  %s started again, ready in %.1f s%n", killService,
                                back.toMillis() / 1000.0);
                    }
                    step.verify().run(crash);
                }
                ran.add(step.name());
                System.out.printf("  story step done: %-32s %5.1f s%n", step.name(),
                        (System.nanoTime() - started) / 1e9);
            }
            System.out.println("Story steps that ran: " + ran);
            if (!left.isEmpty()) {
                System.out.println("Steps left out (the story went on without them): " + left);
            }
            if (stoppedBecause != null) {
                System.out.println(stoppedBecause);
            }
            assertThat(ran).as("the kill of " + kill + " happened").contains(killStep);

            Map<String, Object> cleanEnd = Snapshot.of(ledgerline, clean);
            Map<String, Object> crashEnd = Snapshot.of(ledgerline, crash);
            assertThat(crashEnd).as("what every service left of the customer whose story saw " + killService
                    + " killed, against the one whose story did not").isEqualTo(cleanEnd);
        }
    }

    private static String killPlan(List<Story.Step> runnable) {
        String asked = System.getProperty("ledgerline.system-test.kill", DEFAULT_KILL);
        String step = asked.substring(asked.indexOf('@') + 1);
        boolean runs = runnable.stream().anyMatch(s -> s.name().equals(step) && !s.once());
        if (runs) {
            return asked;
        }
        if (!asked.equals(DEFAULT_KILL)) {
            throw new IllegalArgumentException("ledgerline.system-test.kill=" + asked + ": no such per-customer step"
                    + " runs in this build; steps: " + runnable.stream().map(Story.Step::name).toList());
        }
        System.out.println("  (the default kill's step does not run in this build; killing " + FALLBACK_KILL + ")");
        return FALLBACK_KILL;
    }
}
